/* letor.h - the examples' reader of SVMlight / LETOR text: `label [qid:Q] idx:val ...`
   rows, '#' comments, blank lines; queries are runs of equal qid, or the group sizes in
   FILE.query (LightGBM's layout). Any malformed input stops the program with a message
   naming the file, line and column. Features are stored dense (rows x dim floats). */
#ifndef LETOR_H
#define LETOR_H

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FEATURES 100000 /* feature indices must lie in 1..MAX_FEATURES */

static const char *letor_program = "train"; /* the name in error messages */

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: ", letor_program);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    exit(2);
}

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) die("out of memory");
    return p;
}

/* ---- data ------------------------------------------------------------------------------ */

typedef struct dataset {
    size_t rows, dim, nq;
    float *x;     /* rows x dim, dense */
    float *label; /* rows */
    size_t *off;  /* nq + 1 query boundaries */
} dataset;

typedef struct entry {
    size_t row, col;
    float val;
} entry;

/* Parses a number at *p; on failure reports file:line:col and exits. */
static double number(const char **p, const char *line, const char *file, size_t lineno, const char *what)
{
    char *end;
    double v;
    errno = 0;
    v = strtod(*p, &end);
    if (end == *p || errno == ERANGE || !isfinite(v))
        die("%s:%lu:%lu: expected %s", file, (unsigned long)lineno, (unsigned long)(*p - line + 1), what);
    *p = end;
    return v;
}

static void load(dataset *d, const char *file, const char *query_file)
{
    FILE *f = fopen(file, "r");
    char *line = NULL;
    size_t cap = 0, lineno = 0, rows = 0, nent = 0, entcap = 0, dim = 0, nq = 0, i;
    entry *ents = NULL;
    float *labels = NULL;
    long long *qids = NULL;
    int have_qid = -1;
    if (!f) die("%s: %s", file, strerror(errno));
    memset(d, 0, sizeof *d);
    for (;;) {
        size_t len = 0;
        int c;
        const char *p;
        /* read one line of any length */
        while ((c = fgetc(f)) != EOF && c != '\n') {
            if (len + 2 > cap) line = (char *)xrealloc(line, cap = cap ? 2 * cap : 256);
            line[len++] = (char)c;
        }
        if (c == EOF && len == 0) break;
        if (!line) line = (char *)xrealloc(line, cap = 256);
        line[len] = 0;
        lineno++;
        if (strchr(line, '#')) *strchr(line, '#') = 0;
        p = line;
        while (*p == ' ' || *p == '\t' || *p == '\r') p++;
        if (!*p) continue; /* blank or comment */
        labels = (float *)xrealloc(labels, (rows + 1) * sizeof *labels);
        qids = (long long *)xrealloc(qids, (rows + 1) * sizeof *qids);
        labels[rows] = (float)number(&p, line, file, lineno, "a label");
        if (labels[rows] < 0) die("%s:%lu:1: negative label", file, (unsigned long)lineno);
        qids[rows] = 0;
        for (;;) {
            size_t col;
            double idx;
            while (*p == ' ' || *p == '\t' || *p == '\r') p++;
            if (!*p) break;
            if (strncmp(p, "qid:", 4) == 0) {
                char *end;
                if (have_qid == 0)
                    die("%s:%lu:%lu: qid: on some rows but not on others", file, (unsigned long)lineno,
                        (unsigned long)(p - line + 1));
                have_qid = 1;
                qids[rows] = strtoll(p + 4, &end, 10);
                if (end == p + 4)
                    die("%s:%lu:%lu: expected a query id after qid:", file, (unsigned long)lineno,
                        (unsigned long)(p - line + 5));
                p = end;
                continue;
            }
            col = (size_t)(p - line + 1);
            idx = number(&p, line, file, lineno, "a feature index");
            if (*p != ':')
                die("%s:%lu:%lu: expected ':' after feature index", file, (unsigned long)lineno,
                    (unsigned long)(p - line + 1));
            p++;
            if (idx != floor(idx) || idx < 1 || idx > MAX_FEATURES)
                die("%s:%lu:%lu: feature index %g outside 1..%d", file, (unsigned long)lineno, (unsigned long)col, idx,
                    MAX_FEATURES);
            if (nent == entcap) ents = (entry *)xrealloc(ents, (entcap = entcap ? 2 * entcap : 4096) * sizeof *ents);
            ents[nent].row = rows;
            ents[nent].col = (size_t)idx - 1;
            ents[nent].val = (float)number(&p, line, file, lineno, "a feature value");
            if ((size_t)idx > dim) dim = (size_t)idx;
            nent++;
        }
        if (have_qid == 1 && rows > 0 && qids[rows] == 0 && strstr(line, "qid:") == NULL)
            die("%s:%lu:1: qid: on some rows but not on others", file, (unsigned long)lineno);
        if (have_qid == -1) have_qid = 0;
        rows++;
    }
    fclose(f);
    free(line);
    if (rows == 0) die("%s: no rows", file);
    d->rows = rows;
    d->dim = dim ? dim : 1;
    d->label = labels;
    d->x = (float *)calloc(rows * d->dim, sizeof *d->x);
    if (!d->x) die("out of memory for %lu x %lu features", (unsigned long)rows, (unsigned long)d->dim);
    for (i = 0; i < nent; ++i) d->x[ents[i].row * d->dim + ents[i].col] = ents[i].val;
    free(ents);
    d->off = (size_t *)xrealloc(NULL, sizeof *d->off);
    d->off[0] = 0;
    if (have_qid == 1) { /* runs of equal qid; a qid must not come back later */
        for (i = 0; i < rows; ++i) {
            if (i > 0 && qids[i] == qids[i - 1]) continue;
            if (i > 0) {
                size_t q;
                for (q = 0; q < nq; ++q)
                    if (qids[d->off[q]] == qids[i]) die("%s: the rows of qid %lld are not contiguous", file, qids[i]);
                d->off = (size_t *)xrealloc(d->off, (nq + 2) * sizeof *d->off);
                d->off[++nq] = i;
            }
        }
        d->off = (size_t *)xrealloc(d->off, (nq + 2) * sizeof *d->off);
        d->off[++nq] = rows;
    } else { /* group sizes from the .query file */
        char qpath[4096];
        FILE *qf;
        size_t total = 0, ql = 0;
        double v;
        if (query_file) snprintf(qpath, sizeof qpath, "%s", query_file);
        else snprintf(qpath, sizeof qpath, "%s.query", file);
        qf = fopen(qpath, "r");
        if (!qf) die("%s: rows have no qid: and %s cannot be read (%s)", file, qpath, strerror(errno));
        while (fscanf(qf, "%lf", &v) == 1) {
            ql++;
            if (v < 1 || v != floor(v))
                die("%s:%lu: a group size must be a whole number >= 1", qpath, (unsigned long)ql);
            total += (size_t)v;
            d->off = (size_t *)xrealloc(d->off, (nq + 2) * sizeof *d->off);
            d->off[nq + 1] = total;
            nq++;
        }
        if (!feof(qf)) die("%s:%lu: expected a group size", qpath, (unsigned long)ql + 1);
        fclose(qf);
        if (total != rows)
            die("%s: the group sizes add up to %lu rows, %s has %lu", qpath, (unsigned long)total, file,
                (unsigned long)rows);
    }
    free(qids);
    d->nq = nq;
}

static void dataset_free(dataset *d) { free(d->x), free(d->label), free(d->off); }

/* the test set gets the train set's width: extra columns dropped, missing ones zero */
static void match_dim(dataset *te, size_t dim)
{
    float *x;
    size_t i, j;
    if (te->dim == dim) return;
    x = (float *)calloc(te->rows * dim, sizeof *x);
    if (!x) die("out of memory");
    for (i = 0; i < te->rows; ++i)
        for (j = 0; j < dim && j < te->dim; ++j) x[i * dim + j] = te->x[i * te->dim + j];
    free(te->x);
    te->x = x;
    te->dim = dim;
}

#endif
