/*
 * Shared parts of the ceiling servers: a listening socket on 127.0.0.1, the one fixed response,
 * and a counter of complete requests. These servers do no HTTP work at all (they count blank
 * lines and answer each with the same bytes), so what they reach under the peer harness is what
 * the kernel and the load generator allow on this machine: the ceiling any engine is measured
 * against. They are measuring tools only, never a server for anything else.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* The same length of answer as Braid's /plaintext (status line, four fields, 13-byte body). */
static const char RESPONSE[] =
    "HTTP/1.1 200 OK\r\n"
    "Content-Length: 13\r\n"
    "Content-Type: text/plain\r\n"
    "Server: Braid\r\n"
    "Date: Sun, 22 Nov 2026 08:00:00 GMT\r\n"
    "\r\n"
    "Hello, World!";
#define RESPONSE_LEN (sizeof(RESPONSE) - 1)

/* Binds 127.0.0.1:port, listens, and prints the harness's LISTENING line. */
static int listen_on(int port) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in a = {0};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(s, (struct sockaddr *)&a, sizeof a) != 0 || listen(s, 1024) != 0) {
    perror("listen");
    exit(1);
  }
  printf("LISTENING %d\n", port);
  fflush(stdout);
  return s;
}

/*
 * Counts the requests that end in data[0..n): each ends at an empty line (CRLF CRLF). *state
 * carries how much of that sequence the previous read ended in. No request here has a body.
 */
static int count_requests(const char *data, int n, int *state) {
  int done = 0;
  int s = *state;
  for (int i = 0; i < n; i++) {
    char c = data[i];
    if (c == '\r') {
      s = (s == 2) ? 3 : 1;
    } else if (c == '\n' && (s == 1 || s == 3)) {
      if (s == 3) {
        done++;
        s = 0;
      } else {
        s = 2;
      }
    } else {
      s = 0;
    }
  }
  *state = s;
  return done;
}

/*
 * Fills out (room bytes) with count responses, or as many as fit (a client sending bare blank
 * lines gets fewer answers, never an overflow); returns the bytes written.
 */
static int fill_responses(char *out, size_t room, int count) {
  if ((size_t)count > room / RESPONSE_LEN) {
    count = (int)(room / RESPONSE_LEN);
  }
  for (int i = 0; i < count; i++) {
    memcpy(out + (size_t)i * RESPONSE_LEN, RESPONSE, RESPONSE_LEN);
  }
  return count * (int)RESPONSE_LEN;
}
