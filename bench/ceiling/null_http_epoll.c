/*
 * Ceiling server, epoll: one thread, level-triggered epoll, one read and one write per
 * batch of requests, as an event loop does. See null_http.h.
 */
#include "null_http.h"

#include <fcntl.h>
#include <sys/epoll.h>

#define READ_SIZE 65536
#define MAX_FDS 65536

static int states[MAX_FDS];
static char in[READ_SIZE];
/* Room for the answers to a full read of requests of 16 bytes or more ("GET / HTTP/1.1\r\n\r\n"). */
static char out[(READ_SIZE / 16 + 1) * RESPONSE_LEN];

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s PORT\n", argv[0]);
    return 2;
  }
  int listener = listen_on(atoi(argv[1]));
  fcntl(listener, F_SETFL, O_NONBLOCK);
  int ep = epoll_create1(0);
  struct epoll_event ev = {.events = EPOLLIN, .data.fd = listener};
  epoll_ctl(ep, EPOLL_CTL_ADD, listener, &ev);
  struct epoll_event ready[512];
  for (;;) {
    int n = epoll_wait(ep, ready, 512, -1);
    for (int i = 0; i < n; i++) {
      int fd = ready[i].data.fd;
      if (fd == listener) {
        int c;
        while ((c = accept4(listener, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
          if (c >= MAX_FDS) {
            close(c);
            continue;
          }
          int one = 1;
          setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
          states[c] = 0;
          struct epoll_event e = {.events = EPOLLIN, .data.fd = c};
          epoll_ctl(ep, EPOLL_CTL_ADD, c, &e);
        }
        continue;
      }
      int r = read(fd, in, sizeof in);
      if (r <= 0) {
        if (r < 0 && errno == EAGAIN) {
          continue;
        }
        close(fd);
        continue;
      }
      int m = fill_responses(out, sizeof out, count_requests(in, r, &states[fd]));
      if (m > 0 && write(fd, out, m) < 0) {
        close(fd);
      }
    }
  }
}
