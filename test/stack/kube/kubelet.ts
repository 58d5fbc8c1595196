export class Kubelet {
  constructor(..._a: unknown[]) {}
  async start() {}
  async stop() {}
  async logs(..._a: unknown[]) {
    return '';
  }
}
