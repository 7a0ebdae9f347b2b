/*
 * Ceiling server, io_uring (liburing): one ring, multishot accept, a recv and then a send per
 * batch of requests, all submitted together once per turn. See null_http.h.
 */
#include "null_http.h"

#include <liburing.h>

#define READ_SIZE 4096

struct conn {
  int fd;
  int state;
  char in[READ_SIZE];
  char out[(READ_SIZE / 16 + 1) * RESPONSE_LEN];
};

enum { ACCEPT = 1, RECV = 2, SEND = 3 };

static struct io_uring ring;

static struct io_uring_sqe *next_sqe(void) {
  struct io_uring_sqe *s = io_uring_get_sqe(&ring);
  if (s == NULL) {
    io_uring_submit(&ring);
    s = io_uring_get_sqe(&ring);
  }
  return s;
}

static void submit(struct io_uring_sqe *s, struct conn *c, int kind) {
  io_uring_sqe_set_data(s, (void *)((unsigned long)c | kind));
}

static void receive(struct conn *c) {
  struct io_uring_sqe *s = next_sqe();
  io_uring_prep_recv(s, c->fd, c->in, READ_SIZE, 0);
  submit(s, c, RECV);
}

static void accept_all(int listener) {
  struct io_uring_sqe *s = next_sqe();
  io_uring_prep_multishot_accept(s, listener, NULL, NULL, 0);
  submit(s, NULL, ACCEPT);
}

static void drop(struct conn *c) {
  close(c->fd);
  free(c);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s PORT\n", argv[0]);
    return 2;
  }
  int listener = listen_on(atoi(argv[1]));
  struct io_uring_params params = {0};
  params.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN;
  int err = io_uring_queue_init_params(4096, &ring, &params);
  if (err != 0) {
    fprintf(stderr, "io_uring_queue_init: %s\n", strerror(-err));
    return 1;
  }
  accept_all(listener);
  for (;;) {
    io_uring_submit_and_wait(&ring, 1);
    struct io_uring_cqe *cqe;
    unsigned head;
    unsigned seen = 0;
    io_uring_for_each_cqe(&ring, head, cqe) {
      seen++;
      unsigned long data = (unsigned long)io_uring_cqe_get_data(cqe);
      struct conn *c = (struct conn *)(data & ~7UL);
      int res = cqe->res;
      switch (data & 7) {
        case ACCEPT:
          if (!(cqe->flags & IORING_CQE_F_MORE)) {
            accept_all(listener);
          }
          if (res >= 0) {
            struct conn *fresh = malloc(sizeof *fresh);
            fresh->fd = res;
            fresh->state = 0;
            int one = 1;
            setsockopt(res, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            receive(fresh);
          }
          break;
        case RECV:
          if (res <= 0) {
            drop(c);
            break;
          }
          int m = fill_responses(c->out, sizeof c->out, count_requests(c->in, res, &c->state));
          if (m > 0) {
            struct io_uring_sqe *s = next_sqe();
            io_uring_prep_send(s, c->fd, c->out, m, 0);
            submit(s, c, SEND);
          } else {
            receive(c);
          }
          break;
        case SEND:
          if (res < 0) {
            drop(c);
          } else {
            receive(c);
          }
          break;
      }
    }
    io_uring_cq_advance(&ring, seen);
  }
}
