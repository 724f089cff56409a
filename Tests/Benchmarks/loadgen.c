/*
 * goald-loadgen: drives one server over a Unix socket with goald's framing (4-byte big-endian length, one JSON
 * object) and measures calls per second and latency. The same program drives every server in `make bench`.
 *
 * Every call carries a fresh id; every answer's top-level "id" must be one in flight on that connection, and an
 * answer with a top-level "error" counts as an error. Either stops the run with exit status 1.
 *
 *   goald-loadgen --socket PATH [--connections N] [--depth N] [--seconds S] [--warmup S]
 *                 [--method NAME] [--params JSON] [--timeout-ms N] [--server-pid PID]
 *
 * With --timeout-ms, every call carries that deadline (`timeoutMs`): a call answered later then has a deadline
 * timer on the server too.
 *
 * Prints one JSON object: calls, seconds, calls_per_second, p50_us, p99_us, max_us, request_bytes, and with
 * --server-pid the server's CPU time per call (user + system, from /proc) over the measured window.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define MAX_DEPTH 1024

struct slot {
    uint64_t id;
    uint64_t sent_ns;
};

struct conn {
    int fd;
    unsigned char *in;
    size_t in_len, in_cap;
    unsigned char *out;
    size_t out_len, out_off, out_cap;
    struct slot slots[MAX_DEPTH];
    int in_flight;
};

static const char *method = "goald.v1.Health/Check";
static const char *params = "{}";
static long timeout_ms = 0;
static uint64_t next_id = 1;
static size_t request_bytes;

static uint32_t *latencies;
static size_t latency_count, latency_cap;

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void die(const char *what) {
    fprintf(stderr, "goald-loadgen: %s: %s\n", what, strerror(errno));
    exit(2);
}

static void fail(const char *what, const unsigned char *payload, size_t len) {
    fprintf(stderr, "goald-loadgen: %s: %.*s\n", what, (int)(len > 300 ? 300 : len), (const char *)payload);
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

static void queue_call(struct conn *c) {
    char body[8192];
    uint64_t id = next_id++;
    int n = timeout_ms > 0
        ? snprintf(body, sizeof body, "{\"id\":%llu,\"method\":\"%s\",\"timeoutMs\":%ld,\"params\":%s}",
                   (unsigned long long)id, method, timeout_ms, params)
        : snprintf(body, sizeof body, "{\"id\":%llu,\"method\":\"%s\",\"params\":%s}", (unsigned long long)id,
                   method, params);
    if (n <= 0 || (size_t)n >= sizeof body) { errno = EINVAL; die("request too long"); }
    request_bytes = (size_t)n;
    reserve(&c->out, &c->out_cap, c->out_len + 4 + (size_t)n);
    unsigned char *p = c->out + c->out_len;
    p[0] = (unsigned char)(n >> 24); p[1] = (unsigned char)(n >> 16); p[2] = (unsigned char)(n >> 8); p[3] = (unsigned char)n;
    memcpy(p + 4, body, (size_t)n);
    c->out_len += 4 + (size_t)n;
    c->slots[c->in_flight].id = id;
    c->slots[c->in_flight].sent_ns = now_ns();
    c->in_flight++;
}

static int flush(struct conn *c) {
    while (c->out_off < c->out_len) {
        ssize_t w = write(c->fd, c->out + c->out_off, c->out_len - c->out_off);
        if (w < 0) {
            if (errno == EAGAIN) return 0;
            if (errno == EINTR) continue;
            die("write");
        }
        c->out_off += (size_t)w;
    }
    c->out_off = c->out_len = 0;
    return 1;
}

/* The bytes that matter outside strings when skipping a value: a string's start and the brackets. */
static const unsigned char structural[256] = { ['"'] = 1, ['{'] = 1, ['}'] = 1, ['['] = 1, [']'] = 1 };

/* The index of the quote that ends the string whose contents start at p[i] (len when it never ends). The closing
 * quote is found with memchr, and a quote after an odd run of backslashes is part of the string: the client's
 * own cost per answer stays small beside the server's, whatever the answer's size. */
static size_t string_end(const unsigned char *p, size_t i, size_t len) {
    size_t from = i;
    for (;;) {
        const unsigned char *q = memchr(p + i, '"', len - i);
        if (!q) return len;
        size_t j = (size_t)(q - p), k = j;
        while (k > from && p[k - 1] == '\\') k--;
        if (((j - k) & 1) == 0) return j;
        i = j + 1;
    }
}

/* Scans a JSON object's top level for "id" (a number) and "error". Strings and nesting are skipped properly, so
 * an "id" inside the result does not count. Returns 0 when the payload is not an object with an id. */
static int top_level(const unsigned char *p, size_t len, uint64_t *id, int *has_error) {
    size_t i = 0;
    int depth = 0, found = 0;
    *has_error = 0;
    while (i < len && (p[i] == ' ' || p[i] == '\n' || p[i] == '\t' || p[i] == '\r')) i++;
    if (i >= len || p[i] != '{') return 0;
    for (; i < len; i++) {
        while (i < len && !structural[p[i]]) i++;
        if (i >= len) break;
        unsigned char ch = p[i];
        if (ch == '"') {
            size_t start = i + 1;
            i = string_end(p, start, len);
            if (i >= len) return 0;
            size_t end = i;
            if (depth == 1) {
                size_t j = i + 1;
                while (j < len && (p[j] == ' ' || p[j] == '\t' || p[j] == '\n' || p[j] == '\r')) j++;
                if (j < len && p[j] == ':') {
                    size_t key = end - start;
                    if (key == 2 && memcmp(p + start, "id", 2) == 0) {
                        j++;
                        while (j < len && (p[j] == ' ' || p[j] == '\t' || p[j] == '\n' || p[j] == '\r')) j++;
                        uint64_t v = 0;
                        size_t digits = 0;
                        while (j < len && p[j] >= '0' && p[j] <= '9') { v = v * 10 + (uint64_t)(p[j] - '0'); j++; digits++; }
                        if (digits == 0) return 0;
                        *id = v;
                        found = 1;
                        i = j - 1;
                    } else if (key == 5 && memcmp(p + start, "error", 5) == 0) {
                        *has_error = 1;
                    }
                }
            }
        } else if (ch == '{' || ch == '[') {
            depth++;
        } else {
            depth--;
            if (depth == 0) break;
        }
    }
    return found;
}

static void record(uint64_t ns) {
    if (latency_count == latency_cap) {
        latency_cap = latency_cap ? latency_cap * 2 : 1 << 20;
        latencies = realloc(latencies, latency_cap * sizeof *latencies);
        if (!latencies) die("realloc");
    }
    latencies[latency_count++] = ns > UINT32_MAX ? UINT32_MAX : (uint32_t)ns;
}

static int cmp_u32(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static long long process_cpu_ticks(long pid) {
    char path[64], buf[4096];
    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    int fd = open(path, O_RDONLY);
    if (fd < 0) die(path);
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) die(path);
    buf[n] = 0;
    char *p = strrchr(buf, ')');
    if (!p) return -1;
    /* after ") " come: state(3) ppid(4) ... utime(14) stime(15) */
    long long utime = 0, stime = 0;
    int field = 2;
    for (char *tok = strtok(p + 1, " "); tok; tok = strtok(NULL, " ")) {
        field++;
        if (field == 14) utime = atoll(tok);
        if (field == 15) { stime = atoll(tok); break; }
    }
    return utime + stime;
}

static void usage(void) {
    fprintf(stderr,
            "usage: goald-loadgen --socket PATH [--connections N] [--depth N] [--seconds S] [--warmup S]\n"
            "                     [--method NAME] [--params JSON] [--timeout-ms N] [--server-pid PID]\n");
    exit(64);
}

int main(int argc, char **argv) {
    const char *socket_path = NULL;
    int connections = 1, depth = 1;
    double seconds = 3, warmup = 0.5;
    long server_pid = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (i + 1 >= argc) usage();
        const char *v = argv[++i];
        if (!strcmp(a, "--socket")) socket_path = v;
        else if (!strcmp(a, "--connections")) connections = atoi(v);
        else if (!strcmp(a, "--depth")) depth = atoi(v);
        else if (!strcmp(a, "--seconds")) seconds = atof(v);
        else if (!strcmp(a, "--warmup")) warmup = atof(v);
        else if (!strcmp(a, "--method")) method = v;
        else if (!strcmp(a, "--params")) params = v;
        else if (!strcmp(a, "--timeout-ms")) timeout_ms = atol(v);
        else if (!strcmp(a, "--server-pid")) server_pid = atol(v);
        else usage();
    }
    if (!socket_path || connections < 1 || depth < 1 || depth > MAX_DEPTH || seconds <= 0) usage();

    int ep = epoll_create1(EPOLL_CLOEXEC);
    if (ep < 0) die("epoll_create1");
    struct conn *conns = calloc((size_t)connections, sizeof *conns);
    for (int i = 0; i < connections; i++) {
        struct conn *c = &conns[i];
        c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (c->fd < 0) die("socket");
        struct sockaddr_un addr = { .sun_family = AF_UNIX };
        if (strlen(socket_path) >= sizeof addr.sun_path) { errno = ENAMETOOLONG; die(socket_path); }
        strcpy(addr.sun_path, socket_path);
        if (connect(c->fd, (struct sockaddr *)&addr, sizeof addr) < 0) die(socket_path);
        fcntl(c->fd, F_SETFL, O_NONBLOCK);
        struct epoll_event ev = { .events = EPOLLIN, .data.ptr = c };
        if (epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev) < 0) die("epoll_ctl");
    }

    uint64_t start = now_ns();
    uint64_t measure_from = start + (uint64_t)(warmup * 1e9);
    uint64_t stop_at = measure_from + (uint64_t)(seconds * 1e9);
    int measuring = 0;
    long long cpu_before = 0;
    uint64_t measured_start = 0;
    for (int i = 0; i < connections; i++) {
        for (int d = 0; d < depth; d++) queue_call(&conns[i]);
        flush(&conns[i]);
    }

    struct epoll_event events[256];
    int stopping = 0;
    size_t outstanding = (size_t)connections * (size_t)depth;
    while (outstanding > 0) {
        int n = epoll_wait(ep, events, 256, 1000);
        if (n < 0) { if (errno == EINTR) continue; die("epoll_wait"); }
        if (n == 0) { fprintf(stderr, "goald-loadgen: no answer for 1 s\n"); return 1; }
        uint64_t t = now_ns();
        if (!measuring && t >= measure_from) {
            measuring = 1;
            latency_count = 0;
            measured_start = t;
            if (server_pid) cpu_before = process_cpu_ticks(server_pid);
        }
        if (t >= stop_at) stopping = 1;
        for (int e = 0; e < n; e++) {
            struct conn *c = events[e].data.ptr;
            if (events[e].events & EPOLLOUT) {
                if (flush(c)) {
                    struct epoll_event ev = { .events = EPOLLIN, .data.ptr = c };
                    epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
                }
            }
            if (!(events[e].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) continue;
            for (;;) {
                reserve(&c->in, &c->in_cap, c->in_len + 65536);
                ssize_t r = read(c->fd, c->in + c->in_len, c->in_cap - c->in_len);
                if (r < 0) { if (errno == EAGAIN) break; if (errno == EINTR) continue; die("read"); }
                if (r == 0) { fprintf(stderr, "goald-loadgen: the server closed the connection\n"); return 1; }
                c->in_len += (size_t)r;
                if ((size_t)r < 65536) break;
            }
            size_t off = 0;
            int answered = 0;
            while (c->in_len - off >= 4) {
                const unsigned char *h = c->in + off;
                size_t len = ((size_t)h[0] << 24) | ((size_t)h[1] << 16) | ((size_t)h[2] << 8) | h[3];
                if (c->in_len - off - 4 < len) break;
                const unsigned char *payload = h + 4;
                uint64_t id;
                int has_error;
                if (!top_level(payload, len, &id, &has_error)) fail("an answer without an id", payload, len);
                if (has_error) fail("an error answer", payload, len);
                int k;
                for (k = 0; k < c->in_flight && c->slots[k].id != id; k++) {}
                if (k == c->in_flight) fail("an answer whose id is not in flight", payload, len);
                if (measuring) record(t - c->slots[k].sent_ns);
                c->slots[k] = c->slots[--c->in_flight];
                off += 4 + len;
                answered++;
            }
            if (off) {
                memmove(c->in, c->in + off, c->in_len - off);
                c->in_len -= off;
            }
            if (stopping) {
                outstanding -= (size_t)answered;
            } else {
                for (int a = 0; a < answered; a++) queue_call(c);
                if (answered && !flush(c)) {
                    struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT, .data.ptr = c };
                    epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
                }
            }
        }
    }
    uint64_t end = now_ns();
    long long cpu_after = server_pid ? process_cpu_ticks(server_pid) : 0;
    if (!measuring || latency_count == 0) { fprintf(stderr, "goald-loadgen: nothing measured\n"); return 1; }
    double elapsed = (double)(end - measured_start) / 1e9;
    qsort(latencies, latency_count, sizeof *latencies, cmp_u32);
    double p50 = latencies[latency_count / 2] / 1000.0;
    double p99 = latencies[(size_t)((double)latency_count * 0.99)] / 1000.0;
    double max = latencies[latency_count - 1] / 1000.0;
    printf("{\"calls\": %zu, \"seconds\": %.3f, \"calls_per_second\": %.0f, \"p50_us\": %.1f, \"p99_us\": %.1f, "
           "\"max_us\": %.1f, \"request_bytes\": %zu, \"connections\": %d, \"depth\": %d",
           latency_count, elapsed, (double)latency_count / elapsed, p50, p99, max, request_bytes, connections, depth);
    if (server_pid) {
        double cpu_us = (double)(cpu_after - cpu_before) * 1e6 / (double)sysconf(_SC_CLK_TCK);
        printf(", \"server_cpu_us_per_call\": %.2f", cpu_us / (double)latency_count);
    }
    printf("}\n");
    return 0;
}
