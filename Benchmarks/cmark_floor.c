/*
 * The cmark floor: the least work any Markdown-to-HTML generator built on cmark can do.
 *
 *   cmark_floor IN_DIR OUT_DIR [THREADS]     (THREADS defaults to 2)
 *
 * Reads every *.md file of IN_DIR (one level), skips a leading `---` front matter block,
 * renders the rest with cmark (CMARK_OPT_DEFAULT, as Placard) and writes OUT_DIR/<name>.html
 * with POSIX open/write/close, spreading the files over THREADS threads. No templates, no
 * link checks, no fsync. Build: cc -O2 -o cmark_floor cmark_floor.c -lcmark -lpthread
 */
#include <cmark.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char **names;
static size_t count;
static atomic_size_t next;
static const char *in_dir, *out_dir;

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void die(const char *what, const char *path) {
    fprintf(stderr, "cmark_floor: %s %s: %s\n", what, path, strerror(errno));
    exit(1);
}

/* Start of the Markdown body: after the closing `---` line of a front matter block. */
static const char *body_of(const char *text, size_t size) {
    if (size < 4 || strncmp(text, "---\n", 4) != 0) return text;
    const char *p = text + 4, *end = text + size;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        size_t len = eol ? (size_t)(eol - p) : (size_t)(end - p);
        if (len == 3 && strncmp(p, "---", 3) == 0) return eol ? eol + 1 : end;
        if (!eol) break;
        p = eol + 1;
    }
    return text;
}

static void *work(void *unused) {
    (void)unused;
    char path[4096];
    for (;;) {
        size_t i = atomic_fetch_add(&next, 1);
        if (i >= count) return NULL;
        snprintf(path, sizeof path, "%s/%s", in_dir, names[i]);
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) die("cannot open", path);
        struct stat info;
        if (fstat(fd, &info) != 0) die("cannot stat", path);
        char *text = malloc((size_t)info.st_size + 1);
        size_t got = 0;
        while (got < (size_t)info.st_size) {
            ssize_t n = read(fd, text + got, (size_t)info.st_size - got);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) die("cannot read", path);
            got += (size_t)n;
        }
        close(fd);
        text[got] = 0;
        const char *body = body_of(text, got);
        char *html = cmark_markdown_to_html(body, got - (size_t)(body - text), CMARK_OPT_DEFAULT);
        free(text);

        size_t stem = strlen(names[i]) - 3;
        snprintf(path, sizeof path, "%s/%.*s.html", out_dir, (int)stem, names[i]);
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd < 0) die("cannot create", path);
        size_t length = strlen(html), done = 0;
        while (done < length) {
            ssize_t n = write(fd, html + done, length - done);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) die("cannot write", path);
            done += (size_t)n;
        }
        close(fd);
        free(html);
    }
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: cmark_floor IN_DIR OUT_DIR [THREADS]\n");
        return 2;
    }
    in_dir = argv[1];
    out_dir = argv[2];
    int threads = argc > 3 ? atoi(argv[3]) : 2;
    if (threads < 1) threads = 1;

    DIR *dir = opendir(in_dir);
    if (!dir) die("cannot list", in_dir);
    size_t capacity = 1024;
    names = malloc(capacity * sizeof *names);
    for (struct dirent *entry; (entry = readdir(dir));) {
        size_t length = strlen(entry->d_name);
        if (length < 4 || strcmp(entry->d_name + length - 3, ".md") != 0) continue;
        if (count == capacity) names = realloc(names, (capacity *= 2) * sizeof *names);
        names[count++] = strdup(entry->d_name);
    }
    closedir(dir);
    qsort(names, count, sizeof *names, by_name);
    if (mkdir(out_dir, 0755) != 0 && errno != EEXIST) die("cannot create", out_dir);

    pthread_t pool[64];
    if (threads > 64) threads = 64;
    for (int t = 0; t < threads; t++) pthread_create(&pool[t], NULL, work, NULL);
    for (int t = 0; t < threads; t++) pthread_join(pool[t], NULL);
    printf("%zu pages\n", count);
    return 0;
}
