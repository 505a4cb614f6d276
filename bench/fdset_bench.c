/*-------------------------------------------------------------------------
 *
 * fdset_bench.c
 *	  Micro-benchmark of the functional-dependency core.
 *
 * Times, as the median of repeated runs, the operations the normal-form
 * checker leans on, each next to an anchor measured in the same run:
 *
 * - closure on a 40-attribute relation with 100 dependencies, against a
 *	 naive fixpoint closure (scan every dependency until nothing changes);
 * - the whole analysis (cover, keys, 2NF/3NF/BCNF findings) of that
 *	 relation, and both decompositions, against the 50 ms target;
 * - candidate-key enumeration on 20 attributes with 1024 keys, against
 *	 brute force over all 2^20 subsets and against the 50 ms target.
 *
 * The 40-attribute relation is generated from a fixed seed so that every
 * run measures the same input; it looks like a denormalised schema: a
 * four-column key, layers of columns determined by earlier ones, and a
 * few dependencies that point back into the key to make several keys.
 *
 * IDENTIFICATION
 *	  sysdesign/bench/fdset_bench.c
 *
 *-------------------------------------------------------------------------
 */
#include "fdset.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RUNS		21
#define TARGET_MS	50.0

static FdsetEnv env;
static uint64_t rng = 42;

static uint64_t
rng_next(void)
{
	uint64_t	z = (rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double		x = *(const double *) a,
				y = *(const double *) b;

	return x < y ? -1 : x > y;
}

static double
median(double *t, int n)
{
	qsort(t, n, sizeof(double), cmp_double);
	return t[n / 2];
}

static void
die(FdsetStatus st)
{
	fprintf(stderr, "fdset_bench: %s: %s\n", fdset_status_name(st),
			env.errmsg);
	exit(1);
}

/* the 40-attribute, 100-dependency relation described above */
static FdsetDeps *
make_schema(void)
{
	FdsetDeps  *d;
	FdsetStatus st;

	if ((st = fdset_deps_create(&env, 40, &d)) != FDSET_OK)
		die(st);
	while (d->nfds < 100)
	{
		int			target = 4 + (int) (rng_next() % 36);
		int			nl = 1 + (int) (rng_next() % 3);
		int			lhs[3];
		int			rhs[1] = {target};

		for (int i = 0; i < nl; i++)
			lhs[i] = (int) (rng_next() % target);
		st = fdset_deps_add_attnums(&env, d, lhs, nl, rhs, 1);
		if (st != FDSET_OK)
			die(st);
		/* now and then a dependency back into the key */
		if (d->nfds % 25 == 0 && d->nfds < 100)
		{
			int			back[1] = {(int) (rng_next() % 4)};
			int			from[2] = {4 + (int) (rng_next() % 36), back[0] ^ 1};

			st = fdset_deps_add_attnums(&env, d, from, 2, back, 1);
			if (st != FDSET_OK)
				die(st);
		}
	}
	return d;
}

/* naive closure: sweep every dependency until a sweep adds nothing */
static void
naive_closure(const FdsetDeps *d, const FdsetWord *x, FdsetWord *out)
{
	bool		changed = true;

	fdset_attrs_copy(out, x, d->nwords);
	while (changed)
	{
		changed = false;
		for (int i = 0; i < d->nfds; i++)
			if (fdset_attrs_subset(fdset_lhs(d, i), out, d->nwords) &&
				!fdset_attrs_subset(fdset_rhs(d, i), out, d->nwords))
			{
				fdset_attrs_union(out, fdset_rhs(d, i), d->nwords);
				changed = true;
			}
	}
}

/* brute force: count the minimal superkeys among all 2^n subsets */
static int
brute_force_keys(const FdsetDeps *d)
{
	int			n = d->natts;
	uint32_t	all = (1u << n) - 1;
	int			count = 0;
	FdsetWord	x,
				out;

	for (uint32_t s = 0; s <= all; s++)
	{
		bool		minimal = true;

		x = s;
		naive_closure(d, &x, &out);
		if (out != all)
			continue;
		for (int a = 0; a < n && minimal; a++)
			if (s & (1u << a))
			{
				x = s & ~(1u << a);
				naive_closure(d, &x, &out);
				minimal = out != all;
			}
		count += minimal;
	}
	return count;
}

int
main(void)
{
	FdsetDeps  *schema;
	FdsetDeps  *pairs;
	FdsetClosure *cl;
	FdsetAnalysis *an = NULL;
	FdsetDecomposition *dec;
	FdsetSets  *keys;
	FdsetStatus st;
	double		t[RUNS],
				u[RUNS];
	double		lin,
				naive,
				ms,
				brute;
	FdsetWord	x[1],
				out[1];
	int			nkeys;
	volatile FdsetWord sink = 0;

	fdset_env_init(&env);
	schema = make_schema();
	printf("fdset micro-benchmark, median of %d runs\n\n", RUNS);

	/* closure: every single attribute and every pair, 820 closures */
	if ((st = fdset_closure_prepare(&env, schema, &cl)) != FDSET_OK)
		die(st);
	for (int r = 0; r < RUNS; r++)
	{
		double		t0 = now_ms();

		for (int a = 0; a < 40; a++)
			for (int b = a; b < 40; b++)
			{
				x[0] = ((FdsetWord) 1 << a) | ((FdsetWord) 1 << b);
				fdset_closure_compute(cl, x, out);
				sink ^= out[0];
			}
		t[r] = now_ms() - t0;
		t0 = now_ms();
		for (int a = 0; a < 40; a++)
			for (int b = a; b < 40; b++)
			{
				x[0] = ((FdsetWord) 1 << a) | ((FdsetWord) 1 << b);
				naive_closure(schema, x, out);
				sink ^= out[0];
			}
		u[r] = now_ms() - t0;
	}
	fdset_closure_free(&env, cl);
	lin = median(t, RUNS);
	naive = median(u, RUNS);
	printf("closure, 40 attributes / %d dependencies, 820 closures:\n"
		   "  counter algorithm %.3f ms, naive fixpoint %.3f ms: %.1fx faster\n",
		   schema->nfds, lin, naive, naive / lin);

	/* the whole analysis */
	for (int r = 0; r < RUNS; r++)
	{
		double		t0 = now_ms();

		if ((st = fdset_analyze(&env, schema, &an)) != FDSET_OK)
			die(st);
		t[r] = now_ms() - t0;
		if (r < RUNS - 1)
			fdset_analysis_free(&env, an);
	}
	ms = median(t, RUNS);
	printf("analysis (cover, keys, 2NF/3NF/BCNF), 40 attributes / %d dependencies:\n"
		   "  %.3f ms (%d keys, %d findings, %s): %.0fx under the %.0f ms target\n",
		   schema->nfds, ms, an->keys->nsets, an->nviolations,
		   fdset_normal_form_name(an->highest), TARGET_MS / ms, TARGET_MS);
	fdset_analysis_free(&env, an);

	for (int pass = 0; pass < 2; pass++)
	{
		int			nrels = 0,
					nlost = 0;

		for (int r = 0; r < RUNS; r++)
		{
			double		t0 = now_ms();

			st = pass == 0 ? fdset_synthesize_3nf(&env, schema, &dec) :
				fdset_decompose_bcnf(&env, schema, &dec);
			if (st != FDSET_OK)
				die(st);
			t[r] = now_ms() - t0;
			nrels = dec->rels->nsets;
			nlost = dec->lost->nfds;
			fdset_decomposition_free(&env, dec);
		}
		ms = median(t, RUNS);
		printf("%s, 40 attributes / %d dependencies:\n"
			   "  %.3f ms (%d relations, %d dependencies lost): %.0fx under the %.0f ms target\n",
			   pass == 0 ? "3NF synthesis" : "BCNF decomposition",
			   schema->nfds, ms, nrels, nlost, TARGET_MS / ms, TARGET_MS);
	}

	/* 10 pairs ai <-> bi: 2^10 keys */
	if ((st = fdset_deps_create(&env, 20, &pairs)) != FDSET_OK)
		die(st);
	for (int i = 0; i < 20; i += 2)
	{
		int			a[1] = {i},
					b[1] = {i + 1};

		st = fdset_deps_add_attnums(&env, pairs, a, 1, b, 1);
		if (st == FDSET_OK)
			st = fdset_deps_add_attnums(&env, pairs, b, 1, a, 1);
		if (st != FDSET_OK)
			die(st);
	}
	nkeys = 0;
	for (int r = 0; r < RUNS; r++)
	{
		double		t0 = now_ms();

		if ((st = fdset_candidate_keys(&env, pairs, &keys)) != FDSET_OK)
			die(st);
		t[r] = now_ms() - t0;
		nkeys = keys->nsets;
		fdset_sets_free(&env, keys);
	}
	ms = median(t, RUNS);
	{
		double		t0 = now_ms();
		int			bk = brute_force_keys(pairs);

		brute = now_ms() - t0;
		if (bk != nkeys)
		{
			fprintf(stderr, "fdset_bench: brute force found %d keys, not %d\n",
					bk, nkeys);
			return 1;
		}
	}
	printf("candidate keys, 20 attributes / 20 dependencies / %d keys:\n"
		   "  Lucchesi-Osborn %.3f ms, brute force over 2^20 subsets %.1f ms (one run): %.0fx faster;\n"
		   "  %.0fx under the %.0f ms target\n",
		   nkeys, ms, brute, brute / ms, TARGET_MS / ms, TARGET_MS);

	fdset_deps_free(&env, pairs);
	fdset_deps_free(&env, schema);
	return sink == 0xdeadbeef;
}
