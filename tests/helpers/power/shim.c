/* LD_PRELOAD shim for the power-cut simulator: record every call that changes the data
 * folder (POWER_ROOT) of the process it is loaded into, in the order the calls completed.
 *
 * Each record goes to POWER_LOG with one write() of a fixed header plus its bytes:
 *   u8 op, i32 fd, i64 a, i64 b, u32 path length, u32 data length, path, data
 * A call is logged after it returned successfully, so a record means "the kernel had it";
 * a SIGKILL can only lose the record of a call that is about to be logged, never reorder.
 * Writes to POWER_ACK_FD (the child's acknowledgement pipe) are logged *before* they are
 * made, so the log holds every acknowledgement the parent can have read, at its place.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

enum { OP_OPEN = 1, OP_WRITE, OP_TRUNC, OP_FSYNC, OP_RENAME, OP_UNLINK, OP_CLOSE, OP_ACK };

#define MAX_FDS 4096
static char *fd_paths[MAX_FDS];
static int fd_append[MAX_FDS];
static char root[PATH_MAX];
static size_t root_len;
static int log_fd = -1;
static int ack_fd = -1;
static int ready;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

#pragma pack(push, 1)
struct header {
    uint8_t op;
    int32_t fd;
    int64_t a, b;
    uint32_t path_len, data_len;
};
#pragma pack(pop)

static void init(void) {
    if (ready) return;
    ready = 1;
    const char *r = getenv("POWER_ROOT"), *l = getenv("POWER_LOG"), *k = getenv("POWER_ACK_FD");
    if (!r || !l) return;
    strncpy(root, r, sizeof root - 1);
    root_len = strlen(root);
    log_fd = (int)syscall(SYS_openat, AT_FDCWD, l, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (k) ack_fd = atoi(k);
}

static void raw_write_all(const void *buf, size_t n) {
    const char *p = buf;
    while (n > 0) {
        long w = syscall(SYS_write, log_fd, p, n);
        if (w <= 0) return;
        p += w;
        n -= (size_t)w;
    }
}

static void emit(uint8_t op, int fd, int64_t a, int64_t b, const char *path, const void *data,
                 uint32_t data_len) {
    if (log_fd < 0) return;
    struct header h = {op, fd, a, b, path ? (uint32_t)strlen(path) : 0, data_len};
    size_t total = sizeof h + h.path_len + data_len;
    char *buf = malloc(total);
    if (!buf) return;
    memcpy(buf, &h, sizeof h);
    if (h.path_len) memcpy(buf + sizeof h, path, h.path_len);
    if (data_len) memcpy(buf + sizeof h + h.path_len, data, data_len);
    int saved = errno;
    pthread_mutex_lock(&lock);
    raw_write_all(buf, total); /* one O_APPEND write: the record is whole or absent */
    pthread_mutex_unlock(&lock);
    errno = saved;
    free(buf);
}

/* The absolute form of path if it lies in the traced folder (malloc'd), else NULL. */
static char *traced(const char *path) {
    init();
    if (log_fd < 0 || !path) return NULL;
    char full[PATH_MAX * 2];
    if (path[0] == '/') {
        snprintf(full, sizeof full, "%s", path);
    } else {
        char cwd[PATH_MAX];
        if (!getcwd(cwd, sizeof cwd)) return NULL;
        snprintf(full, sizeof full, "%s/%s", cwd, path);
    }
    if (strncmp(full, root, root_len) != 0) return NULL;
    if (full[root_len] != '\0' && full[root_len] != '/') return NULL;
    return strdup(full);
}

static const char *fd_path(int fd) {
    init();
    return (fd >= 0 && fd < MAX_FDS) ? fd_paths[fd] : NULL;
}

#define REAL(name) static __typeof__(name) *real_##name; \
    if (!real_##name) real_##name = (__typeof__(name) *)dlsym(RTLD_NEXT, #name)

static int after_open(int fd, const char *path, int flags) {
    char *full = traced(path);
    if (fd < 0 || fd >= MAX_FDS) {
        free(full);
        return fd;
    }
    free(fd_paths[fd]);
    fd_paths[fd] = full;
    fd_append[fd] = (flags & O_APPEND) != 0;
    if (full) emit(OP_OPEN, fd, flags, 0, full, NULL, 0);
    return fd;
}

#define OPEN_BODY(realcall)                                          \
    mode_t mode = 0;                                                 \
    if (flags & (O_CREAT | O_TMPFILE)) {                             \
        va_list ap;                                                  \
        va_start(ap, flags);                                         \
        mode = (mode_t)va_arg(ap, int);                              \
        va_end(ap);                                                  \
    }                                                                \
    int fd = realcall;                                               \
    return after_open(fd, path, flags);

int open(const char *path, int flags, ...) {
    REAL(open);
    OPEN_BODY(real_open(path, flags, mode))
}
int open64(const char *path, int flags, ...) {
    REAL(open64);
    OPEN_BODY(real_open64(path, flags, mode))
}
int openat(int dirfd, const char *path, int flags, ...) {
    REAL(openat);
    if (dirfd != AT_FDCWD && path[0] != '/') {
        mode_t mode = 0;
        if (flags & (O_CREAT | O_TMPFILE)) {
            va_list ap;
            va_start(ap, flags);
            mode = (mode_t)va_arg(ap, int);
            va_end(ap);
        }
        return real_openat(dirfd, path, flags, mode); /* not used by the kiosk */
    }
    OPEN_BODY(real_openat(dirfd, path, flags, mode))
}
int openat64(int dirfd, const char *path, int flags, ...) {
    REAL(openat64);
    if (dirfd != AT_FDCWD && path[0] != '/') {
        mode_t mode = 0;
        if (flags & (O_CREAT | O_TMPFILE)) {
            va_list ap;
            va_start(ap, flags);
            mode = (mode_t)va_arg(ap, int);
            va_end(ap);
        }
        return real_openat64(dirfd, path, flags, mode);
    }
    OPEN_BODY(real_openat64(dirfd, path, flags, mode))
}

int close(int fd) {
    REAL(close);
    const char *p = fd_path(fd);
    int r = real_close(fd);
    if (p && r == 0) {
        emit(OP_CLOSE, fd, 0, 0, p, NULL, 0);
        free(fd_paths[fd]);
        fd_paths[fd] = NULL;
    }
    return r;
}

static void after_write(int fd, const char *p, off_t at, const void *buf, ssize_t n) {
    if (p && n > 0) emit(OP_WRITE, fd, at, n, p, buf, (uint32_t)n);
}

ssize_t write(int fd, const void *buf, size_t n) {
    REAL(write);
    init();
    if (fd == ack_fd && ack_fd >= 0) emit(OP_ACK, fd, 0, 0, NULL, buf, (uint32_t)n);
    const char *p = fd_path(fd);
    off_t at = -1; /* -1: appended at the end */
    if (p && !fd_append[fd]) at = lseek(fd, 0, SEEK_CUR);
    ssize_t r = real_write(fd, buf, n);
    after_write(fd, p, at, buf, r);
    return r;
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t at) {
    REAL(pwrite);
    ssize_t r = real_pwrite(fd, buf, n, at);
    after_write(fd, fd_path(fd), at, buf, r);
    return r;
}
ssize_t pwrite64(int fd, const void *buf, size_t n, off_t at) {
    REAL(pwrite64);
    ssize_t r = real_pwrite64(fd, buf, n, at);
    after_write(fd, fd_path(fd), at, buf, r);
    return r;
}

int ftruncate(int fd, off_t size) {
    REAL(ftruncate);
    int r = real_ftruncate(fd, size);
    const char *p = fd_path(fd);
    if (p && r == 0) emit(OP_TRUNC, fd, size, 0, p, NULL, 0);
    return r;
}
int ftruncate64(int fd, off_t size) {
    REAL(ftruncate64);
    int r = real_ftruncate64(fd, size);
    const char *p = fd_path(fd);
    if (p && r == 0) emit(OP_TRUNC, fd, size, 0, p, NULL, 0);
    return r;
}
int truncate(const char *path, off_t size) {
    REAL(truncate);
    int r = real_truncate(path, size);
    char *full = traced(path);
    if (full && r == 0) emit(OP_TRUNC, -1, size, 0, full, NULL, 0);
    free(full);
    return r;
}

int fsync(int fd) {
    REAL(fsync);
    int r = real_fsync(fd);
    const char *p = fd_path(fd);
    if (p && r == 0) emit(OP_FSYNC, fd, 0, 0, p, NULL, 0);
    return r;
}
int fdatasync(int fd) {
    REAL(fdatasync);
    int r = real_fdatasync(fd);
    const char *p = fd_path(fd);
    if (p && r == 0) emit(OP_FSYNC, fd, 1, 0, p, NULL, 0);
    return r;
}

static void after_rename(int r, const char *from, const char *to) {
    char *a = traced(from), *b = traced(to);
    if (r == 0 && (a || b)) {
        char both[PATH_MAX * 2 + 2];
        snprintf(both, sizeof both, "%s", a ? a : "");
        size_t n = strlen(both) + 1;
        snprintf(both + n, sizeof both - n, "%s", b ? b : "");
        emit(OP_RENAME, -1, 0, 0, NULL, both, (uint32_t)(n + strlen(both + n)));
    }
    free(a);
    free(b);
}

int rename(const char *from, const char *to) {
    REAL(rename);
    int r = real_rename(from, to);
    after_rename(r, from, to);
    return r;
}
int renameat(int fd1, const char *from, int fd2, const char *to) {
    REAL(renameat);
    int r = real_renameat(fd1, from, fd2, to);
    if (fd1 == AT_FDCWD && fd2 == AT_FDCWD) after_rename(r, from, to);
    return r;
}
int renameat2(int fd1, const char *from, int fd2, const char *to, unsigned int flags) {
    REAL(renameat2);
    int r = real_renameat2(fd1, from, fd2, to, flags);
    if (fd1 == AT_FDCWD && fd2 == AT_FDCWD) after_rename(r, from, to);
    return r;
}

int unlink(const char *path) {
    REAL(unlink);
    int r = real_unlink(path);
    char *full = traced(path);
    if (full && r == 0) emit(OP_UNLINK, -1, 0, 0, full, NULL, 0);
    free(full);
    return r;
}
int unlinkat(int dirfd, const char *path, int flags) {
    REAL(unlinkat);
    int r = real_unlinkat(dirfd, path, flags);
    if (dirfd == AT_FDCWD || path[0] == '/') {
        char *full = traced(path);
        if (full && r == 0 && !(flags & AT_REMOVEDIR)) emit(OP_UNLINK, -1, 0, 0, full, NULL, 0);
        free(full);
    }
    return r;
}
