/*
 * Accept loop of the sample service (built static, runs FROM scratch next to busybox).
 *
 * Why not busybox httpd alone: busybox httpd runs CGI only for URLs under /cgi-bin/ (or files
 * with an interpreter suffix) and answers a directory URL such as /health with a 302 to /health/,
 * so /health, /ready, /status/503 ... cannot be scripts there. This loop binds $POD_IP:$PORT,
 * reads one request's line and headers per connection, exports the CGI variables
 * (REQUEST_METHOD, PATH_INFO, QUERY_STRING, CONTENT_LENGTH, CONTENT_TYPE, HTTP_AUTHORIZATION),
 * and runs the busybox sh handler with the socket as its stdin and stdout.
 *
 * CRASH_AFTER=<seconds> makes the service exit with status 1 after that long.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_LINE 8192

static const char *handler = "/app/handler.sh";

static void on_term(int sig) {
  (void)sig;
  _exit(0);
}

static void on_crash_timer(int sig) {
  (void)sig;
  static const char msg[] = "sample: CRASH_AFTER elapsed, exiting 1\n";
  if (write(2, msg, sizeof msg - 1) < 0) _exit(1);
  _exit(1);
}

/* Reads one line (without CR LF) byte by byte so that the request body stays in the socket. */
static int read_line(int fd, char *buf, size_t size) {
  size_t n = 0;
  for (;;) {
    char c;
    ssize_t r = read(fd, &c, 1);
    if (r <= 0) return -1;
    if (c == '\n') break;
    if (n + 1 < size) buf[n++] = c;
  }
  if (n > 0 && buf[n - 1] == '\r') n--;
  buf[n] = '\0';
  return (int)n;
}

static void bad_request(int fd) {
  static const char reply[] =
      "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
  if (write(fd, reply, sizeof reply - 1) < 0) _exit(1);
  _exit(1);
}

static void header_env(const char *line, const char *name, const char *var) {
  size_t len = strlen(name);
  if (strncasecmp(line, name, len) == 0 && line[len] == ':') {
    const char *value = line + len + 1;
    while (*value == ' ' || *value == '\t') value++;
    setenv(var, value, 1);
  }
}

static void handle(int fd) {
  char line[MAX_LINE];
  alarm(30); /* a client that never finishes its headers */
  if (read_line(fd, line, sizeof line) <= 0) bad_request(fd);
  char *method = line;
  char *target = strchr(method, ' ');
  if (!target) bad_request(fd);
  *target++ = '\0';
  char *version = strchr(target, ' ');
  if (version) *version = '\0';
  if (target[0] != '/') bad_request(fd);
  setenv("REQUEST_METHOD", method, 1);
  setenv("REQUEST_URI", target, 1);
  char *query = strchr(target, '?');
  if (query) *query++ = '\0';
  setenv("PATH_INFO", target, 1);
  setenv("QUERY_STRING", query ? query : "", 1);
  setenv("CONTENT_LENGTH", "0", 1);
  char header[MAX_LINE];
  for (;;) {
    int n = read_line(fd, header, sizeof header);
    if (n < 0) bad_request(fd);
    if (n == 0) break;
    header_env(header, "Content-Length", "CONTENT_LENGTH");
    header_env(header, "Content-Type", "CONTENT_TYPE");
    header_env(header, "Authorization", "HTTP_AUTHORIZATION");
  }
  alarm(0);
  dup2(fd, 0);
  dup2(fd, 1);
  if (fd > 1) close(fd);
  execl("/bin/sh", "sh", handler, (char *)NULL);
  _exit(127);
}

int main(void) {
  const char *ip = getenv("POD_IP");
  const char *port_text = getenv("PORT");
  if (!ip || !*ip) ip = "0.0.0.0";
  int port = port_text && *port_text ? atoi(port_text) : 8080;
  signal(SIGTERM, on_term);
  signal(SIGINT, on_term);
  signal(SIGCHLD, SIG_IGN); /* handlers are reaped by the kernel */
  signal(SIGPIPE, SIG_IGN);
  const char *crash_after = getenv("CRASH_AFTER");
  if (crash_after && *crash_after) {
    signal(SIGALRM, on_crash_timer);
    alarm((unsigned)atoi(crash_after));
  }
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_port = htons((unsigned short)port);
  if (inet_pton(AF_INET, ip, &addr.sin_addr) != 1) {
    fprintf(stderr, "sample: POD_IP '%s' is not an IPv4 address\n", ip);
    return 2;
  }
  int server = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(server, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (server < 0 || bind(server, (struct sockaddr *)&addr, sizeof addr) != 0 ||
      listen(server, 128) != 0) {
    fprintf(stderr, "sample: cannot listen on %s:%d: %s\n", ip, port, strerror(errno));
    return 1;
  }
  fprintf(stderr, "sample: version %s listening on %s:%d\n", getenv("VERSION"), ip, port);
  for (;;) {
    int fd = accept(server, NULL, NULL);
    if (fd < 0) continue;
    pid_t pid = fork();
    if (pid == 0) {
      close(server);
      signal(SIGALRM, SIG_DFL);
      signal(SIGCHLD, SIG_DFL);
      signal(SIGPIPE, SIG_DFL);
      handle(fd);
    }
    close(fd);
  }
}
