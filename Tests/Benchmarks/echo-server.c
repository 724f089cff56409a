/*
 * goald-echo: the physical limit of goald's protocol on this machine. A single-threaded epoll server on a Unix
 * socket that reads frames (4-byte big-endian length, payload) and writes each one back unchanged. It does no
 * JSON work at all, so it bounds what any server speaking this framing can do here.
 *
 *   goald-echo SOCKET_PATH
 *
 * Runs until SIGTERM or SIGINT; removes the socket file when it stops.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define MAX_FRAME (4u << 20)

struct conn {
    int fd;
    unsigned char *in;
    size_t in_len, in_cap;
    unsigned char *out;
    size_t out_len, out_off, out_cap;
    int want_out;
};

static volatile sig_atomic_t stop;
static void on_signal(int sig) { (void)sig; stop = 1; }

static void die(const char *what) {
    fprintf(stderr, "goald-echo: %s: %s\n", what, strerror(errno));
    exit(1);
}

static void reserve(unsigned char **buf, size_t *cap, size_t need) {
    if (need <= *cap) return;
    size_t cap2 = *cap ? *cap : 65536;
    while (cap2 < need) cap2 *= 2;
    *buf = realloc(*buf, cap2);
    if (!*buf) die("realloc");
    *cap = cap2;
}

static void drop(int ep, struct conn *c) {
    epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    free(c->in);
    free(c->out);
    free(c);
}

/* Writes what is pending; returns 0 when the peer is gone. */
static int flush(int ep, struct conn *c) {
    while (c->out_off < c->out_len) {
        ssize_t w = write(c->fd, c->out + c->out_off, c->out_len - c->out_off);
        if (w < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN) break;
            return 0;
        }
        c->out_off += (size_t)w;
    }
    if (c->out_off == c->out_len) c->out_off = c->out_len = 0;
    int want = c->out_len > 0;
    if (want != c->want_out) {
        struct epoll_event ev = { .events = EPOLLIN | (want ? EPOLLOUT : 0), .data.ptr = c };
        epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
        c->want_out = want;
    }
    return 1;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: goald-echo SOCKET_PATH\n");
        return 64;
    }
    const char *path = argv[1];
    struct sigaction sa = { .sa_handler = on_signal };
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    int listener = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (listener < 0) die("socket");
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    if (strlen(path) >= sizeof addr.sun_path) { errno = ENAMETOOLONG; die(path); }
    strcpy(addr.sun_path, path);
    unlink(path);
    if (bind(listener, (struct sockaddr *)&addr, sizeof addr) < 0) die(path);
    if (listen(listener, 1024) < 0) die("listen");

    int ep = epoll_create1(EPOLL_CLOEXEC);
    if (ep < 0) die("epoll_create1");
    struct epoll_event lev = { .events = EPOLLIN, .data.ptr = NULL };
    epoll_ctl(ep, EPOLL_CTL_ADD, listener, &lev);

    struct epoll_event events[256];
    while (!stop) {
        int n = epoll_wait(ep, events, 256, 500);
        if (n < 0) { if (errno == EINTR) continue; die("epoll_wait"); }
        for (int e = 0; e < n; e++) {
            struct conn *c = events[e].data.ptr;
            if (!c) {
                for (;;) {
                    int fd = accept4(listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
                    if (fd < 0) break;
                    struct conn *nc = calloc(1, sizeof *nc);
                    nc->fd = fd;
                    struct epoll_event ev = { .events = EPOLLIN, .data.ptr = nc };
                    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
                }
                continue;
            }
            if (events[e].events & EPOLLOUT) {
                if (!flush(ep, c)) { drop(ep, c); continue; }
            }
            if (!(events[e].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) continue;
            int closed = 0;
            for (;;) {
                reserve(&c->in, &c->in_cap, c->in_len + 65536);
                ssize_t r = read(c->fd, c->in + c->in_len, c->in_cap - c->in_len);
                if (r < 0) { if (errno == EINTR) continue; if (errno != EAGAIN) closed = 1; break; }
                if (r == 0) { closed = 1; break; }
                c->in_len += (size_t)r;
                if ((size_t)r < 65536) break;
            }
            /* Every complete frame is echoed as it came: length prefix and payload. */
            size_t off = 0;
            while (c->in_len - off >= 4) {
                const unsigned char *h = c->in + off;
                size_t len = ((size_t)h[0] << 24) | ((size_t)h[1] << 16) | ((size_t)h[2] << 8) | h[3];
                if (len > MAX_FRAME) { closed = 1; break; }
                if (c->in_len - off - 4 < len) break;
                off += 4 + len;
            }
            if (off) {
                reserve(&c->out, &c->out_cap, c->out_len + off);
                memcpy(c->out + c->out_len, c->in, off);
                c->out_len += off;
                memmove(c->in, c->in + off, c->in_len - off);
                c->in_len -= off;
                if (!flush(ep, c)) closed = 1;
            }
            if (closed) drop(ep, c);
        }
    }
    unlink(path);
    return 0;
}
