export const id = 184;
export const ids = [184];
export const modules = {

/***/ 2184:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   argoRollout: () => (/* binding */ argoRollout)
/* harmony export */ });
/* harmony import */ var _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4877);

async function argoRollout(_ctx) {
    throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('not implemented yet');
}


/***/ })

};
