/*-------------------------------------------------------------------------
 *
 * fddiscover_test.c
 *	  Unit tests of the dependency discovery in src/fddiscover.c.
 *
 * Every result is compared with a brute-force search that is too slow to
 * ship but plainly right: for each right side A and each left side X, in
 * order of size, X -> A holds when the rows have as many distinct values
 * on X as on X u {A}, and it is minimal when no X \ {B} -> A holds.
 *
 * Inputs: hand-made tables with known answers, thousands of random small
 * tables, and the public benchmark tables under ../shared/fd-datasets
 * (FDD_DATASETS names another folder) whose dependency counts are
 * published in the discovery literature.  FDD_MAX_ROWS=n leaves out the
 * tables of more than n rows, for runs under valgrind.  Values are compared as raw
 * strings there, as in those evaluations.
 *
 * IDENTIFICATION
 *	  sysdesign/test/unit/fddiscover_test.c
 *
 *-------------------------------------------------------------------------
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fddiscover.h"
#include "tap.h"

/* A table of codes, column-major. */
typedef struct Table
{
	int			nrows;
	int			ncols;
	int32_t   **codes;
	int32_t    *ncodes;
} Table;

static Table *
table_new(int nrows, int ncols)
{
	Table	   *t = calloc(1, sizeof(Table));
	int			c;

	t->nrows = nrows;
	t->ncols = ncols;
	t->codes = calloc(ncols > 0 ? ncols : 1, sizeof(int32_t *));
	t->ncodes = calloc(ncols > 0 ? ncols : 1, sizeof(int32_t));
	for (c = 0; c < ncols; c++)
		t->codes[c] = calloc(nrows > 0 ? nrows : 1, sizeof(int32_t));
	return t;
}

static void
table_free(Table *t)
{
	int			c;

	for (c = 0; c < t->ncols; c++)
		free(t->codes[c]);
	free(t->codes);
	free(t->ncodes);
	free(t);
}

/* ---- a small open-addressing map from 64-bit keys to dense ids ---- */

typedef struct IdMap
{
	uint64_t   *keys;
	int32_t    *ids;
	int			cap;
	int			n;
} IdMap;

static void
idmap_init(IdMap *m, int expected)
{
	m->cap = 16;
	while (m->cap < expected * 2)
		m->cap *= 2;
	m->keys = malloc(sizeof(uint64_t) * m->cap);
	m->ids = malloc(sizeof(int32_t) * m->cap);
	memset(m->ids, 0xff, sizeof(int32_t) * m->cap);
	m->n = 0;
}

static int32_t
idmap_get(IdMap *m, uint64_t key)
{
	uint64_t	h = key * 0x9E3779B97F4A7C15ULL;
	int			s = (int) ((h >> 20) & (uint64_t) (m->cap - 1));

	while (m->ids[s] >= 0)
	{
		if (m->keys[s] == key)
			return m->ids[s];
		s = (s + 1) & (m->cap - 1);
	}
	m->keys[s] = key;
	m->ids[s] = m->n;
	return m->n++;
}

static void
idmap_free(IdMap *m)
{
	free(m->keys);
	free(m->ids);
}

/*
 * The brute-force reference.  Returns the minimal dependencies, in the
 * same order fdd_discover() promises, as a FdsetDeps.  ncols <= 20.
 */
static FdsetDeps *
brute_force(FdsetEnv *env, const Table *t, int max_lhs)
{
	int			n = t->ncols;
	uint32_t	nsub = 1u << n;
	int32_t   **ids = calloc(nsub, sizeof(int32_t *));
	int		   *ndistinct = calloc(nsub, sizeof(int));
	unsigned char *holds = calloc((size_t) nsub * (n > 0 ? n : 1), 1);
	FdsetDeps  *deps;
	int			a,
				r;
	uint32_t	x;

	/* dense ids of the rows' values on every subset, smallest first */
	ids[0] = calloc(t->nrows + 1, sizeof(int32_t));
	ndistinct[0] = t->nrows > 0 ? 1 : 0;
	for (x = 1; x < nsub; x++)
	{
		int			hi = 31 - __builtin_clz(x);
		uint32_t	rest = x & ~(1u << hi);
		IdMap		m;

		ids[x] = malloc(sizeof(int32_t) * (t->nrows + 1));
		idmap_init(&m, t->nrows);
		for (r = 0; r < t->nrows; r++)
			ids[x][r] = idmap_get(&m, ((uint64_t) ids[rest][r] << 32) |
								  (uint32_t) t->codes[hi][r]);
		ndistinct[x] = m.n;
		idmap_free(&m);
	}
	for (x = 0; x < nsub; x++)
		for (a = 0; a < n; a++)
			holds[(size_t) x * n + a] =
				(x >> a & 1) || ndistinct[x] == ndistinct[x | 1u << a];

	fdset_deps_create(env, n, &deps);

	/*
	 * Collect every minimal non-trivial X -> A, then let the caller sort;
	 * sorting here would repeat fdd_discover's comparator.
	 */
	for (x = 0; x < nsub; x++)
	{
		if (max_lhs >= 0 && __builtin_popcount(x) > max_lhs)
			continue;
		for (a = 0; a < n; a++)
		{
			int			b;
			bool		minimal = true;
			int			lhs[32],
						nlhs = 0;

			if ((x >> a & 1) || !holds[(size_t) x * n + a])
				continue;
			for (b = 0; b < n && minimal; b++)
				if ((x >> b & 1) && holds[(size_t) (x & ~(1u << b)) * n + a])
					minimal = false;
			if (!minimal)
				continue;
			for (b = 0; b < n; b++)
				if (x >> b & 1)
					lhs[nlhs++] = b;
			fdset_deps_add_attnums(env, deps, lhs, nlhs, &a, 1);
		}
	}

	for (x = 0; x < nsub; x++)
		free(ids[x]);
	free(ids);
	free(ndistinct);
	free(holds);
	return deps;
}

/* Do two dependency lists hold the same dependencies, in any order? */
static bool
same_deps(const FdsetDeps *a, const FdsetDeps *b)
{
	int			i,
				j;

	if (a->nfds != b->nfds)
		return false;
	for (i = 0; i < a->nfds; i++)
	{
		bool		found = false;

		for (j = 0; j < b->nfds && !found; j++)
			found = fdset_attrs_equal(fdset_lhs(a, i), fdset_lhs(b, j),
									  a->nwords) &&
				fdset_attrs_equal(fdset_rhs(a, i), fdset_rhs(b, j),
								  a->nwords);
		if (!found)
			return false;
	}
	return true;
}

/* Is the list ordered by left side, then right side? */
static bool
ordered(const FdsetDeps *d)
{
	int			i;

	for (i = 1; i < d->nfds; i++)
	{
		int			c = fdset_attrs_cmp(fdset_lhs(d, i - 1), fdset_lhs(d, i),
										d->nwords);

		if (c > 0 || (c == 0 &&
					  fdset_attrs_cmp(fdset_rhs(d, i - 1), fdset_rhs(d, i),
									  d->nwords) >= 0))
			return false;
	}
	return true;
}

static FdsetDeps *
discover(FdsetEnv *env, const Table *t, int max_lhs, FdsetStatus *status)
{
	FdsetDeps  *out = NULL;

	*status = fdd_discover(env, t->nrows, t->ncols,
						   (const int32_t *const *) t->codes, t->ncodes,
						   max_lhs, 0, &out);
	return out;
}

/* ---- hand-made tables ---- */

static Table *
table_from_rows(int nrows, int ncols, const int *vals)
{
	Table	   *t = table_new(nrows, ncols);
	int			r,
				c;

	for (c = 0; c < ncols; c++)
	{
		for (r = 0; r < nrows; r++)
		{
			t->codes[c][r] = vals[r * ncols + c];
			if (t->codes[c][r] >= t->ncodes[c])
				t->ncodes[c] = t->codes[c][r] + 1;
		}
	}
	return t;
}

static bool
has_dep(const FdsetDeps *d, const int *lhs, int nlhs, int rhs)
{
	int			i,
				k;

	for (i = 0; i < d->nfds; i++)
	{
		bool		same = fdset_attrs_count(fdset_lhs(d, i), d->nwords) == nlhs &&
			fdset_attrs_member(fdset_rhs(d, i), rhs);

		for (k = 0; same && k < nlhs; k++)
			same = fdset_attrs_member(fdset_lhs(d, i), lhs[k]);
		if (same)
			return true;
	}
	return false;
}

static void
test_handmade(FdsetEnv *env)
{
	/* enrollments: student, course, course_name; course -> course_name */
	static const int enroll[] = {
		1, 10, 0,
		1, 11, 1,
		2, 10, 0,
		3, 12, 2,
		2, 12, 2,
	};
	/* a constant column and a duplicate row */
	static const int constant[] = {
		0, 5, 1,
		1, 5, 1,
		1, 5, 1,
	};
	FdsetStatus status;
	FdsetDeps  *d;
	Table	   *t;
	int			lhs[2];

	t = table_from_rows(5, 3, enroll);
	d = discover(env, t, -1, &status);
	tap_ok(status == FDSET_OK, "enrollments: discovery succeeds");
	lhs[0] = 1;
	tap_ok(d && has_dep(d, lhs, 1, 2), "enrollments: course -> course_name");
	lhs[0] = 0;
	lhs[1] = 1;
	tap_ok(d && !has_dep(d, lhs, 2, 2),
		   "enrollments: no non-minimal student, course -> course_name");
	tap_ok(d && ordered(d), "enrollments: output is ordered");
	fdset_deps_free(env, d);
	table_free(t);

	t = table_from_rows(3, 3, constant);
	d = discover(env, t, -1, &status);
	tap_ok(d && has_dep(d, NULL, 0, 1) && has_dep(d, NULL, 0, 2),
		   "constant columns depend on the empty set");
	lhs[0] = 0;
	tap_ok(d && !has_dep(d, lhs, 1, 1),
		   "a constant column has no other minimal left side");
	tap_ok(d && d->nfds == 2, "duplicate rows: nothing else holds (%d)",
		   d ? d->nfds : -1);
	fdset_deps_free(env, d);
	table_free(t);

	/* no rows and one row: every column is constant */
	t = table_new(0, 3);
	d = discover(env, t, -1, &status);
	tap_ok(status == FDSET_OK && d && d->nfds == 3,
		   "an empty table: every column depends on the empty set");
	fdset_deps_free(env, d);
	table_free(t);

	t = table_new(4, 0);
	d = discover(env, t, -1, &status);
	tap_ok(status == FDSET_OK && d && d->nfds == 0,
		   "a table without columns has no dependency");
	fdset_deps_free(env, d);
	table_free(t);

	/* codes out of range are refused, not trusted */
	t = table_from_rows(3, 3, enroll);
	t->ncodes[1] = 2;
	d = discover(env, t, -1, &status);
	tap_ok(status == FDSET_ERR_INVALID && d == NULL,
		   "codes out of range are refused: %s", env->errmsg);
	table_free(t);
}

/* ---- random tables against the reference ---- */

static uint64_t rng_state;

static uint32_t
rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t) (rng_state >> 16);
}

static void
test_random(FdsetEnv *env, uint64_t seed, int rounds)
{
	int			i,
				bad = 0,
				total = 0;

	rng_state = seed;
	for (i = 0; i < rounds; i++)
	{
		int			ncols = 1 + rng() % 7;
		int			nrows = rng() % 25;
		int			max_lhs = (rng() % 3 == 0) ? (int) (rng() % ncols) : -1;
		Table	   *t = table_new(nrows, ncols);
		FdsetDeps  *got,
				   *want;
		FdsetStatus status;
		int			r,
					c;

		for (c = 0; c < ncols; c++)
		{
			t->ncodes[c] = 1 + rng() % 4;
			for (r = 0; r < nrows; r++)
				t->codes[c][r] = rng() % t->ncodes[c];
		}
		got = discover(env, t, max_lhs, &status);
		want = brute_force(env, t, max_lhs);
		total += want->nfds;
		if (status != FDSET_OK || !same_deps(got, want) || !ordered(got))
		{
			if (bad++ == 0)
				tap_diag("first mismatch: seed %llu round %d, %d x %d, "
						 "max_lhs %d: got %d, want %d",
						 (unsigned long long) seed, i, nrows, ncols, max_lhs,
						 got ? got->nfds : -1, want->nfds);
		}
		if (got)
			fdset_deps_free(env, got);
		fdset_deps_free(env, want);
		table_free(t);
	}
	tap_ok(bad == 0, "%d random tables (seed %llu, %d dependencies) match "
		   "the brute-force search", rounds, (unsigned long long) seed, total);
}

/* ---- the public benchmark tables ---- */

/* Read a CSV file into codes: equal strings, equal codes. */
static Table *
load_csv(const char *path, char sep, bool header)
{
	FILE	   *f = fopen(path, "rb");
	char	   *buf;
	long		len;
	int			ncols = 0,
				nrows = 0,
				cap = 0,
				row,
				c;
	char	 ***cells = NULL;
	char	   *field;
	Table	   *t;
	long		i;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(len + 1);
	if (fread(buf, 1, len, f) != (size_t) len)
	{
		fclose(f);
		free(buf);
		return NULL;
	}
	buf[len] = '\0';
	fclose(f);

	/* split into records of fields, honouring double quotes */
	field = malloc(len + 1);
	for (i = 0; i < len;)
	{
		char	  **fields = NULL;
		int			nf = 0;

		for (;;)
		{
			int			fl = 0;

			if (buf[i] == '"')
			{
				i++;
				while (i < len)
				{
					if (buf[i] == '"' && buf[i + 1] == '"')
					{
						field[fl++] = '"';
						i += 2;
					}
					else if (buf[i] == '"')
					{
						i++;
						break;
					}
					else
						field[fl++] = buf[i++];
				}
			}
			while (i < len && buf[i] != sep && buf[i] != '\n' && buf[i] != '\r')
				field[fl++] = buf[i++];
			field[fl] = '\0';
			fields = realloc(fields, sizeof(char *) * (nf + 1));
			fields[nf++] = strdup(field);
			if (i < len && buf[i] == sep)
			{
				i++;
				continue;
			}
			break;
		}
		if (i < len && buf[i] == '\r')
			i++;
		if (i < len && buf[i] == '\n')
			i++;
		if (nf == 1 && fields[0][0] == '\0')
		{
			free(fields[0]);
			free(fields);
			continue;
		}
		if (ncols == 0)
			ncols = nf;
		if (nrows == cap)
		{
			cap = cap ? cap * 2 : 1024;
			cells = realloc(cells, sizeof(char **) * cap);
		}
		/* ragged rows get empty cells, surplus cells are dropped */
		fields = realloc(fields, sizeof(char *) * (nf > ncols ? nf : ncols));
		while (nf < ncols)
			fields[nf++] = strdup("");
		for (c = ncols; c < nf; c++)
			free(fields[c]);
		cells[nrows++] = fields;
	}
	free(buf);
	free(field);

	row = header ? 1 : 0;
	t = table_new(nrows - row, ncols);
	for (c = 0; c < ncols; c++)
	{
		/* dense codes through a string hash; collisions resolved below */
		int			r;
		char	  **seen = calloc(nrows + 1, sizeof(char *));
		int			nseen = 0;
		IdMap		m;

		idmap_init(&m, nrows);
		for (r = row; r < nrows; r++)
		{
			const char *s = cells[r][c];
			uint64_t	h = 1469598103934665603ULL;
			const char *p;
			int32_t		id;

			for (p = s; *p; p++)
				h = (h ^ (unsigned char) *p) * 1099511628211ULL;
			/* probe h, h+1, ... until the slot's string is s */
			for (;;)
			{
				id = idmap_get(&m, h);
				if (id == nseen)
					seen[nseen++] = (char *) s;
				if (strcmp(seen[id], s) == 0)
					break;
				h++;
			}
			t->codes[c][r - row] = id;
		}
		t->ncodes[c] = nseen;
		idmap_free(&m);
		free(seen);
	}
	for (row = 0; row < nrows; row++)
	{
		for (c = 0; c < ncols; c++)
			free(cells[row][c]);
		free(cells[row]);
	}
	free(cells);
	return t;
}

typedef struct Dataset
{
	const char *file;
	char		sep;
	bool		header;
	int			published;		/* minimal FDs in the literature, or -1 */
	bool		brute;			/* small enough for the reference */
} Dataset;

static const Dataset datasets[] = {
	{"iris.csv", ',', false, 4, true},
	{"balance-scale.csv", ',', true, 1, true},
	{"chess.csv", ',', true, 1, true},
	{"abalone.csv", ',', true, 137, true},
	{"nursery.csv", ',', false, 1, true},
	{"breast-cancer-wisconsin.csv", ',', false, 46, true},
	{"bridges.csv", ',', true, 142, true},
	{"echocardiogram.csv", ',', false, 527, true},
	{"hepatitis.csv", ',', true, 8250, false},
	{"desbordante_TestFD.csv", ',', true, -1, true},
	{"desbordante_TestLong.csv", ',', true, -1, true},
	{"desbordante_TestWide.csv", ',', true, -1, true},
	{"desbordante_TestSingleColumn.csv", ',', true, -1, true},
	{"desbordante_WDC_age.csv", ',', true, -1, true},
	{"desbordante_WDC_appearances.csv", ',', true, -1, true},
	{"desbordante_WDC_astrology.csv", ',', true, -1, true},
	{"desbordante_WDC_astronomical.csv", ',', true, -1, true},
	{"desbordante_WDC_game.csv", ',', true, -1, true},
	{"desbordante_WDC_kepler.csv", ',', true, -1, true},
	{"desbordante_WDC_science.csv", ',', true, -1, true},
	{"desbordante_WDC_symbols.csv", ',', true, -1, true},
};

static void
test_datasets(FdsetEnv *env, const char *dir, long max_rows)
{
	size_t		i;
	FILE	   *probe;
	char		path[1024];

	/*
	 * The tables come with the project's shared data, beside a checkout.
	 * Without them a local run says so and goes on; under CI their absence
	 * is a failure, so that it cannot pass by testing nothing.
	 */
	snprintf(path, sizeof(path), "%s/%s", dir, datasets[0].file);
	if ((probe = fopen(path, "rb")) == NULL)
	{
		if (getenv("CI") != NULL)
			tap_ok(false, "the benchmark tables are in %s", dir);
		else
			tap_diag("no benchmark tables in %s: those tests are left out",
					 dir);
		return;
	}
	fclose(probe);

	for (i = 0; i < sizeof(datasets) / sizeof(datasets[0]); i++)
	{
		const Dataset *ds = &datasets[i];
		Table	   *t;
		FdsetDeps  *got;
		FdsetStatus status;
		clock_t		start;
		double		ms;

		snprintf(path, sizeof(path), "%s/%s", dir, ds->file);
		t = load_csv(path, ds->sep, ds->header);
		if (t == NULL)
		{
			tap_ok(false, "%s: could not be read", path);
			continue;
		}
		if (max_rows > 0 && t->nrows > max_rows)
		{
			/* valgrind runs want the small ones only */
			tap_diag("%s: skipped, more than %ld rows", ds->file, max_rows);
			table_free(t);
			continue;
		}
		start = clock();
		got = discover(env, t, -1, &status);
		ms = (double) (clock() - start) * 1000.0 / CLOCKS_PER_SEC;
		tap_diag("%s: %d rows, %d columns, %d dependencies, %.1f ms",
				 ds->file, t->nrows, t->ncols, got ? got->nfds : -1, ms);
		if (!tap_ok(status == FDSET_OK && got != NULL && ordered(got),
					"%s: discovery succeeds, ordered", ds->file))
		{
			table_free(t);
			continue;
		}
		if (ds->published >= 0)
			tap_ok(got->nfds == ds->published,
				   "%s: %d minimal dependencies, as published (%d)",
				   ds->file, got->nfds, ds->published);
		if (ds->brute && t->ncols <= 16)
		{
			FdsetDeps  *want = brute_force(env, t, -1);

			tap_ok(same_deps(got, want),
				   "%s: the same dependencies as the brute-force search",
				   ds->file);
			fdset_deps_free(env, want);
		}
		fdset_deps_free(env, got);
		table_free(t);
	}
}

static bool
stop_now(void *arg)
{
	return --*(int *) arg < 0;
}

static void
test_limits(FdsetEnv *env)
{
	Table	   *t = table_new(200, 10);
	FdsetDeps  *out = NULL;
	FdsetStatus status;
	int			r,
				c,
				budget = 3;

	rng_state = 42;
	for (c = 0; c < 10; c++)
	{
		t->ncodes[c] = 3;
		for (r = 0; r < 200; r++)
			t->codes[c][r] = rng() % 3;
	}

	status = fdd_discover(env, t->nrows, t->ncols,
						  (const int32_t *const *) t->codes, t->ncodes,
						  -1, 500, &out);
	tap_ok(status == FDSET_ERR_NOMEM && out == NULL,
		   "a cell budget too small stops the search: %s", env->errmsg);

	env->interrupt = stop_now;
	env->interrupt_arg = &budget;
	status = fdd_discover(env, t->nrows, t->ncols,
						  (const int32_t *const *) t->codes, t->ncodes,
						  -1, 0, &out);
	tap_ok(status == FDSET_ERR_INTERRUPTED && out == NULL,
		   "an interrupt stops the search and leaves no result");
	env->interrupt = NULL;
	table_free(t);
}

int
main(void)
{
	FdsetEnv	env;
	const char *dir = getenv("FDD_DATASETS");
	const char *seed = getenv("FDSET_SEED");
	const char *max_rows = getenv("FDD_MAX_ROWS");

	fdset_env_init(&env);
	test_handmade(&env);
	test_limits(&env);
	test_random(&env, 20261203, 3000);
	if (seed != NULL)
		test_random(&env, strtoull(seed, NULL, 10), 3000);
	test_datasets(&env, dir != NULL ? dir : "../shared/fd-datasets",
				  max_rows != NULL ? atol(max_rows) : 0);
	return tap_done();
}
