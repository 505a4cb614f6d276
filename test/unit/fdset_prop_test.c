/*-------------------------------------------------------------------------
 *
 * fdset_prop_test.c
 *	  Property test: the core against a brute-force reference.
 *
 * Generates thousands of random dependency sets over at most 8
 * attributes from a fixed seed (and, when FDSET_SEED is set, from that
 * seed as well) and checks every result of the core against fdref.c,
 * which follows the definitions literally.  Each property is one TAP
 * line that counts the instances checked; the first failures print the
 * seed, the instance number and the dependencies, which is all it takes
 * to replay them.  FDSET_PROP_ROUNDS sets the number of instances per
 * seed (default 3000).
 *
 * IDENTIFICATION
 *	  sysdesign/test/unit/fdset_prop_test.c
 *
 *-------------------------------------------------------------------------
 */
#include "fdset.h"
#include "fdref.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

#define FIXED_SEED	20261203ULL
#define MAX_N		8

enum Property
{
	P_CLOSURE,
	P_COVER_EQUIV,
	P_COVER_MINIMAL,
	P_COVER_ORDER,
	P_KEYS,
	P_PRIME,
	P_NF,
	P_FINDINGS,
	P_3NF_LOSSLESS,
	P_3NF_PRESERVING,
	P_3NF_FORM,
	P_BCNF_LOSSLESS,
	P_BCNF_FORM,
	P_BCNF_LOST,
	P_FALLBACK,
	P_KEYS_OF_RELS,
	P_KEYS_WITHIN,
	P_PROJECT,
	P_CHASE,
	P_PRESERVED,
	P_WIDE,
	NPROPS
};

static const char *prop_names[NPROPS] = {
	"closure of every subset equals the reference",
	"canonical cover has the same closure as the input",
	"canonical cover is minimal (single right sides, reduced, no redundancy)",
	"canonical cover is sorted and independent of input order",
	"candidate keys equal the reference, in order",
	"prime attributes equal the reference",
	"highest normal form equals the reference",
	"findings are well-formed and present exactly when a form fails",
	"3NF synthesis is lossless (reference chase)",
	"3NF synthesis preserves every dependency",
	"3NF synthesis yields 3NF relations, none inside another",
	"BCNF decomposition is lossless (reference chase)",
	"BCNF decomposition yields BCNF relations, none inside another",
	"BCNF decomposition reports exactly the dependencies it loses",
	"BCNF decomposition without projections (fallback) is lossless and BCNF",
	"each decomposed relation's key is one of its candidate keys",
	"all candidate keys of each decomposed relation equal the reference",
	"projection has the reference closure on the target attributes",
	"chase agrees with the reference on random decompositions",
	"preservation test agrees with the reference on random decompositions",
	"spread over 300 attributes (5 words): closure, cover and keys map over",
};

static FdsetEnv env;
static long checked[NPROPS];
static long failed[NPROPS];
static int	diagnostics_left = 20;
static uint64_t rng_state;
static uint64_t cur_seed;
static int	cur_round;
static RefDeps cur_ref;
static long fallbacks;

static uint64_t
rng_next(void)
{
	uint64_t	z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int
rng_below(int n)
{
	return (int) (rng_next() % (uint64_t) n);
}

/* a random subset of {0..n-1} with each attribute in with chance p/100 */
static uint32_t
rng_subset(int n, int p)
{
	uint32_t	s = 0;

	for (int a = 0; a < n; a++)
		if (rng_below(100) < p)
			s |= 1u << a;
	return s;
}

static void
describe(void)
{
	tap_diag("  seed %llu round %d, n=%d:", (unsigned long long) cur_seed,
			 cur_round, cur_ref.n);
	for (int i = 0; i < cur_ref.m; i++)
		tap_diag("    %#x -> %#x", cur_ref.lhs[i], cur_ref.rhs[i]);
}

static void
check(enum Property p, bool ok)
{
	checked[p]++;
	if (ok)
		return;
	failed[p]++;
	if (diagnostics_left-- > 0)
	{
		tap_diag("failed: %s", prop_names[p]);
		describe();
	}
}

static uint32_t
to_mask(const FdsetWord *s)
{
	return (uint32_t) s[0];
}

static FdsetDeps *
to_deps(const RefDeps *r, const int *order)
{
	FdsetDeps  *d;

	if (fdset_deps_create(&env, r->n, &d) != FDSET_OK)
		abort();
	for (int i = 0; i < r->m; i++)
	{
		int			k = order ? order[i] : i;
		FdsetWord	l = r->lhs[k];
		FdsetWord	rr = r->rhs[k];

		if (fdset_deps_add(&env, d, &l, &rr) != FDSET_OK)
			abort();
	}
	return d;
}

static RefDeps
from_deps(const FdsetDeps *d)
{
	RefDeps		r;

	memset(&r, 0, sizeof(r));
	r.n = d->natts;
	r.m = d->nfds < REF_MAX_FDS ? d->nfds : REF_MAX_FDS;
	for (int i = 0; i < r.m; i++)
	{
		r.lhs[i] = to_mask(fdset_lhs(d, i));
		r.rhs[i] = to_mask(fdset_rhs(d, i));
	}
	return r;
}

static bool
is_ref_key(const RefDeps *r, uint32_t k, uint32_t rel)
{
	uint32_t	keys[REF_MAX_KEYS];
	int			n = ref_keys(r, rel, keys);

	for (int i = 0; i < n; i++)
		if (keys[i] == k)
			return true;
	return false;
}

static void
check_cover(const RefDeps *r, const FdsetDeps *deps)
{
	FdsetDeps  *cover;
	FdsetDeps  *cover2;
	RefDeps		c;
	uint32_t	all = (1u << r->n) - 1;
	bool		ok = true;
	int			order[REF_MAX_FDS];

	if (fdset_canonical_cover(&env, deps, &cover) != FDSET_OK)
	{
		check(P_COVER_EQUIV, false);
		return;
	}
	c = from_deps(cover);

	for (uint32_t x = 0; x <= all; x++)
		ok = ok && ref_closure(&c, x) == ref_closure(r, x);
	check(P_COVER_EQUIV, ok);

	ok = cover->nfds <= REF_MAX_FDS;
	for (int i = 0; i < c.m && ok; i++)
	{
		RefDeps		without = c;

		/* one attribute on the right, not on the left */
		ok = ref_popcount(c.rhs[i]) == 1 && (c.lhs[i] & c.rhs[i]) == 0;

		/* no extraneous left attribute */
		for (int a = 0; a < r->n && ok; a++)
			if (c.lhs[i] & (1u << a))
				ok = (ref_closure(&c, c.lhs[i] & ~(1u << a)) & c.rhs[i]) == 0;

		/* not implied by the others */
		without.lhs[i] = without.lhs[c.m - 1];
		without.rhs[i] = without.rhs[c.m - 1];
		without.m--;
		if (ok)
			ok = (ref_closure(&without, c.lhs[i]) & c.rhs[i]) == 0;
	}
	check(P_COVER_MINIMAL, ok);

	/* sorted, and the same for the input in reverse and shuffled */
	ok = true;
	for (int i = 1; i < cover->nfds && ok; i++)
	{
		int			cl = ref_cmp(c.lhs[i - 1], c.lhs[i]);

		ok = cl < 0 || (cl == 0 && ref_cmp(c.rhs[i - 1], c.rhs[i]) < 0);
	}
	for (int i = 0; i < r->m; i++)
		order[i] = r->m - 1 - i;
	for (int i = r->m - 1; i > 0; i--)
	{
		int			j = rng_below(i + 1);
		int			t = order[i];

		order[i] = order[j];
		order[j] = t;
	}
	{
		FdsetDeps  *shuffled = to_deps(r, order);

		if (fdset_canonical_cover(&env, shuffled, &cover2) != FDSET_OK)
			ok = false;
		else
		{
			ok = ok && cover2->nfds == cover->nfds;
			for (int i = 0; i < cover->nfds && ok; i++)
				ok = fdset_lhs(cover, i)[0] == fdset_lhs(cover2, i)[0] &&
					fdset_rhs(cover, i)[0] == fdset_rhs(cover2, i)[0];
			fdset_deps_free(&env, cover2);
		}
		fdset_deps_free(&env, shuffled);
	}
	check(P_COVER_ORDER, ok);
	fdset_deps_free(&env, cover);
}

static void
check_analysis(const RefDeps *r, const FdsetDeps *deps)
{
	FdsetAnalysis *an;
	uint32_t	all = (1u << r->n) - 1;
	uint32_t	keys[REF_MAX_KEYS];
	int			nkeys = ref_keys(r, all, keys);
	uint32_t	prime = ref_prime(r, all);
	int			nf = ref_normal_form(r, all);
	bool		ok;
	bool		seen[4] = {false, false, false, false};

	if (fdset_analyze(&env, deps, &an) != FDSET_OK)
	{
		check(P_KEYS, false);
		return;
	}
	ok = an->keys->nsets == nkeys;
	for (int i = 0; i < nkeys && ok; i++)
		ok = to_mask(fdset_set(an->keys, i)) == keys[i];
	check(P_KEYS, ok);
	check(P_PRIME, to_mask(an->prime) == prime);
	check(P_NF, (int) an->highest == nf);

	ok = true;
	for (int i = 0; i < an->nviolations && ok; i++)
	{
		const FdsetViolation *v = &an->violations[i];
		uint32_t	x = to_mask(v->lhs);
		uint32_t	y = to_mask(v->rhs);
		uint32_t	xc = ref_closure(r, x);

		seen[v->kind] = true;
		ok = y != 0 && (y & ~xc) == 0 && (x & y) == 0;
		switch (v->kind)
		{
			case FDSET_PARTIAL:
				{
					uint32_t	k = to_mask(fdset_set(an->keys, v->key));
					bool		minimal_for_some = false;

					ok = ok && (x & ~k) == 0 && x != k &&
						y == (xc & ~prime);
					for (int a = 0; a < r->n; a++)
					{
						bool		needs_all = (y & (1u << a)) != 0;

						for (int b = 0; b < r->n && needs_all; b++)
							if ((x & (1u << b)) &&
								(ref_closure(r, x & ~(1u << b)) & (1u << a)))
								needs_all = false;
						minimal_for_some = minimal_for_some || needs_all;
					}
					ok = ok && minimal_for_some;
					break;
				}
			case FDSET_TRANSITIVE:
				ok = ok && v->key == 0 && !ref_superkey(r, x, all) &&
					(y & prime) == 0;
				for (int k = 0; k < nkeys && ok; k++)
					ok = (x & ~keys[k]) != 0;
				break;
			case FDSET_BCNF:
				ok = ok && !ref_superkey(r, x, all) &&
					v->rhs_prime == ((y & ~prime) == 0);
				break;
		}
		if (i > 0)
		{
			const FdsetViolation *u = &an->violations[i - 1];

			ok = ok && (u->kind < v->kind ||
						(u->kind == v->kind &&
						 ref_cmp(to_mask(u->lhs), x) <= 0));
		}
	}
	ok = ok && seen[FDSET_PARTIAL] == (nf < 2);
	ok = ok && (nf != 2 || seen[FDSET_TRANSITIVE]);
	ok = ok && (!seen[FDSET_TRANSITIVE] || nf < 3);
	ok = ok && seen[FDSET_BCNF] == (nf < 4);
	check(P_FINDINGS, ok);
	fdset_analysis_free(&env, an);
}

/* relations of a decomposition as masks; false if none inside another */
static bool
rels_of(const FdsetDecomposition *dec, uint32_t *rels, int *n)
{
	bool		ok = true;

	*n = dec->rels->nsets;
	for (int i = 0; i < *n; i++)
		rels[i] = to_mask(fdset_set(dec->rels, i));
	for (int i = 0; i < *n; i++)
		for (int j = 0; j < *n; j++)
			if (i != j && (rels[i] & ~rels[j]) == 0)
				ok = false;
	return ok;
}

/* every key of each relation, against the reference */
static void
check_keys_within(const RefDeps *r, const FdsetDeps *deps,
				  const uint32_t *rels, int n)
{
	bool		ok = true;

	for (int i = 0; i < n && ok; i++)
	{
		uint32_t	keys[REF_MAX_KEYS];
		int			nkeys = ref_keys(r, rels[i], keys);
		FdsetWord	rel = rels[i];
		FdsetSets  *got;

		if (fdset_candidate_keys_within(&env, deps, &rel, &got) != FDSET_OK)
		{
			ok = false;
			break;
		}
		ok = got->nsets == nkeys;
		for (int k = 0; k < nkeys && ok; k++)
			ok = to_mask(fdset_set(got, k)) == keys[k];
		fdset_sets_free(&env, got);
	}
	check(P_KEYS_WITHIN, ok);
}

static void
check_decompositions(const RefDeps *r, const FdsetDeps *deps)
{
	FdsetDecomposition *dec;
	FdsetDeps  *cover;
	uint32_t	rels[64];
	int			n;
	bool		ok;

	if (fdset_synthesize_3nf(&env, deps, &dec) != FDSET_OK)
		check(P_3NF_LOSSLESS, false);
	else
	{
		ok = rels_of(dec, rels, &n);
		check(P_3NF_LOSSLESS, ref_lossless(r, rels, n));
		{
			bool		pres = dec->lost->nfds == 0;

			for (int i = 0; i < r->m && pres; i++)
				pres = ref_preserved(r, rels, n, r->lhs[i], r->rhs[i]);
			check(P_3NF_PRESERVING, pres);
		}
		for (int i = 0; i < n && ok; i++)
			ok = ref_normal_form(r, rels[i]) >= 3;
		check(P_3NF_FORM, ok);
		ok = true;
		for (int i = 0; i < n && ok; i++)
			ok = is_ref_key(r, to_mask(fdset_set(dec->keys, i)), rels[i]);
		check(P_KEYS_OF_RELS, ok);
		check_keys_within(r, deps, rels, n);
		fdset_decomposition_free(&env, dec);
	}

	/* with projections forbidden, the fallback split must still be sound */
	env.max_projection_fds = 1;
	if (fdset_decompose_bcnf(&env, deps, &dec) != FDSET_OK)
		check(P_FALLBACK, false);
	else
	{
		ok = rels_of(dec, rels, &n) && ref_lossless(r, rels, n);
		for (int i = 0; i < n && ok; i++)
			ok = ref_normal_form(r, rels[i]) == 4 &&
				is_ref_key(r, to_mask(fdset_set(dec->keys, i)), rels[i]);
		check(P_FALLBACK, ok);
		fallbacks += dec->fallback;
		fdset_decomposition_free(&env, dec);
	}
	env.max_projection_fds = 0;

	if (fdset_decompose_bcnf(&env, deps, &dec) != FDSET_OK)
		check(P_BCNF_LOSSLESS, false);
	else
	{
		ok = rels_of(dec, rels, &n);
		check(P_BCNF_LOSSLESS, ref_lossless(r, rels, n));
		for (int i = 0; i < n && ok; i++)
			ok = ref_normal_form(r, rels[i]) == 4;
		check(P_BCNF_FORM, ok);

		/* lost = the cover dependencies the reference finds unpreserved */
		ok = true;
		if (fdset_canonical_cover(&env, deps, &cover) != FDSET_OK)
			ok = false;
		else
		{
			int			k = 0;

			for (int i = 0; i < cover->nfds && ok; i++)
			{
				uint32_t	x = to_mask(fdset_lhs(cover, i));
				uint32_t	y = to_mask(fdset_rhs(cover, i));

				if (ref_preserved(r, rels, n, x, y))
					continue;
				ok = k < dec->lost->nfds &&
					to_mask(fdset_lhs(dec->lost, k)) == x &&
					to_mask(fdset_rhs(dec->lost, k)) == y;
				k++;
			}
			ok = ok && k == dec->lost->nfds;
			fdset_deps_free(&env, cover);
		}
		check(P_BCNF_LOST, ok);
		ok = true;
		for (int i = 0; i < n && ok; i++)
			ok = is_ref_key(r, to_mask(fdset_set(dec->keys, i)), rels[i]);
		check(P_KEYS_OF_RELS, ok);
		check_keys_within(r, deps, rels, n);
		fdset_decomposition_free(&env, dec);
	}
}

static void
check_projection_and_chase(const RefDeps *r, const FdsetDeps *deps)
{
	uint32_t	all = (1u << r->n) - 1;
	FdsetWord	z = rng_subset(r->n, 60);
	FdsetDeps  *p;
	bool		ok = true;
	uint32_t	rels[4];
	int			nrels = 1 + rng_below(4);
	FdsetSets  *sets;
	bool		lossless;
	FdsetDeps  *lost;

	if (fdset_project(&env, deps, &z, &p) != FDSET_OK)
		ok = false;
	else
	{
		RefDeps		pr = from_deps(p);

		for (int i = 0; i < pr.m && ok; i++)
			ok = ((pr.lhs[i] | pr.rhs[i]) & ~(uint32_t) z) == 0;
		for (uint32_t x = 0; x <= all && ok; x++)
			if ((x & ~(uint32_t) z) == 0)
				ok = (ref_closure(&pr, x) & z) == (ref_closure(r, x) & z);
		fdset_deps_free(&env, p);
	}
	check(P_PROJECT, ok);

	/* random decompositions, covering all attributes half of the time */
	fdset_sets_create(&env, r->n, &sets);
	for (int i = 0; i < nrels; i++)
	{
		FdsetWord	w;

		rels[i] = rng_subset(r->n, 55);
		if (i == nrels - 1 && rng_below(2))
		{
			uint32_t	u = 0;

			for (int j = 0; j < i; j++)
				u |= rels[j];
			rels[i] |= all & ~u;
		}
		w = rels[i];
		fdset_sets_add(&env, sets, &w);
	}
	if (fdset_is_lossless(&env, deps, sets, &lossless) != FDSET_OK)
		check(P_CHASE, false);
	else
		check(P_CHASE, lossless == ref_lossless(r, rels, nrels));
	if (fdset_not_preserved(&env, deps, sets, &lost) != FDSET_OK)
		check(P_PRESERVED, false);
	else
	{
		int			k = 0;

		ok = true;
		for (int i = 0; i < r->m && ok; i++)
		{
			if (ref_preserved(r, rels, nrels, r->lhs[i], r->rhs[i]))
				continue;
			ok = k < lost->nfds && to_mask(fdset_lhs(lost, k)) == r->lhs[i];
			k++;
		}
		check(P_PRESERVED, ok && k == lost->nfds);
		fdset_deps_free(&env, lost);
	}
	fdset_sets_free(&env, sets);
}

#define WIDE_N		300
#define WIDE_NW		FDSET_WORDS(WIDE_N)

/* the wide image of a narrow set under the increasing map pos[] */
static void
widen(uint32_t x, const int *pos, int n, FdsetWord *out)
{
	fdset_attrs_clear(out, WIDE_NW);
	for (int a = 0; a < n; a++)
		if (x & (1u << a))
			fdset_attrs_add(out, pos[a]);
}

/*
 * check_wide
 *
 * Spread the n attributes over WIDE_N by an increasing map, so that the
 * sets span several words; the other attributes appear in no dependency.
 * Closures must map over (plus the untouched extra attributes of x), the
 * cover must be the image of the narrow cover in the same order (the map
 * keeps fdset_attrs_cmp() order), and the keys must be the images of the
 * narrow keys, each with every extra attribute added.
 */
static void
check_wide(const RefDeps *r)
{
	int			pos[MAX_N];
	FdsetDeps  *narrow;
	FdsetDeps  *wide;
	FdsetDeps  *nc = NULL;
	FdsetDeps  *wc = NULL;
	FdsetSets  *nk = NULL;
	FdsetSets  *wk = NULL;
	FdsetClosure *cl;
	FdsetWord	x[WIDE_NW],
				y[WIDE_NW],
				z[WIDE_NW],
				extra[WIDE_NW];
	bool		ok = true;
	int			k = 0;

	/* an increasing random injection into 0 .. WIDE_N-1 */
	for (int a = 0; a < WIDE_N && k < r->n; a++)
		if (rng_below(WIDE_N - a) < r->n - k)
			pos[k++] = a;
	fdset_attrs_fill(extra, WIDE_N);
	for (int a = 0; a < r->n; a++)
		fdset_attrs_del(extra, pos[a]);

	narrow = to_deps(r, NULL);
	if (fdset_deps_create(&env, WIDE_N, &wide) != FDSET_OK)
		abort();
	for (int i = 0; i < r->m; i++)
	{
		widen(r->lhs[i], pos, r->n, x);
		widen(r->rhs[i], pos, r->n, y);
		if (fdset_deps_add(&env, wide, x, y) != FDSET_OK)
			abort();
	}

	/* closures of random sets, with some extra attributes thrown in */
	if (fdset_closure_prepare(&env, wide, &cl) != FDSET_OK)
		abort();
	for (int t = 0; t < 16 && ok; t++)
	{
		uint32_t	s = rng_subset(r->n, 40);
		FdsetWord	want[WIDE_NW];

		/* x: the image of s and one random attribute, maybe an extra */
		widen(s, pos, r->n, x);
		fdset_attrs_add(x, rng_below(WIDE_N));
		for (int a = 0; a < r->n; a++)
			if (fdset_attrs_member(x, pos[a]))
				s |= 1u << a;

		/* want: the image of s+, and the extra attributes of x */
		widen(ref_closure(r, s), pos, r->n, want);
		fdset_attrs_copy(z, x, WIDE_NW);
		fdset_attrs_intersect(z, extra, WIDE_NW);
		fdset_attrs_union(want, z, WIDE_NW);
		fdset_closure_compute(cl, x, y);
		ok = fdset_attrs_equal(y, want, WIDE_NW);
	}
	fdset_closure_free(&env, cl);

	/* the cover, dependency by dependency */
	if (ok && (fdset_canonical_cover(&env, narrow, &nc) != FDSET_OK ||
			   fdset_canonical_cover(&env, wide, &wc) != FDSET_OK))
		ok = false;
	if (ok)
		ok = nc->nfds == wc->nfds;
	for (int i = 0; ok && i < nc->nfds; i++)
	{
		widen((uint32_t) fdset_lhs(nc, i)[0], pos, r->n, x);
		widen((uint32_t) fdset_rhs(nc, i)[0], pos, r->n, y);
		ok = fdset_attrs_equal(x, fdset_lhs(wc, i), WIDE_NW) &&
			fdset_attrs_equal(y, fdset_rhs(wc, i), WIDE_NW);
	}

	/* the keys, each with every extra attribute */
	if (ok && (fdset_candidate_keys(&env, narrow, &nk) != FDSET_OK ||
			   fdset_candidate_keys(&env, wide, &wk) != FDSET_OK))
		ok = false;
	if (ok)
		ok = nk->nsets == wk->nsets;
	for (int i = 0; ok && i < nk->nsets; i++)
	{
		widen((uint32_t) fdset_set(nk, i)[0], pos, r->n, x);
		fdset_attrs_union(x, extra, WIDE_NW);
		ok = fdset_attrs_equal(x, fdset_set(wk, i), WIDE_NW);
	}
	check(P_WIDE, ok);

	fdset_sets_free(&env, nk);
	fdset_sets_free(&env, wk);
	fdset_deps_free(&env, nc);
	fdset_deps_free(&env, wc);
	fdset_deps_free(&env, narrow);
	fdset_deps_free(&env, wide);
}

static void
run_seed(uint64_t seed, int rounds)
{
	cur_seed = seed;
	rng_state = seed;
	for (cur_round = 0; cur_round < rounds; cur_round++)
	{
		RefDeps    *r = &cur_ref;
		uint32_t	all;
		FdsetDeps  *deps;
		bool		ok = true;
		FdsetClosure *cl;

		memset(r, 0, sizeof(*r));
		r->n = 1 + rng_below(MAX_N);
		r->m = rng_below(2 * r->n + 2);
		all = (1u << r->n) - 1;
		for (int i = 0; i < r->m; i++)
		{
			/* mostly small left sides; now and then an empty one */
			int			p = rng_below(100) < 5 ? 0 : 15 + rng_below(30);

			r->lhs[i] = rng_subset(r->n, p);
			if (r->lhs[i] == 0 && p > 0)
				r->lhs[i] = 1u << rng_below(r->n);
			r->rhs[i] = rng_subset(r->n, 20) | (1u << rng_below(r->n));
		}
		deps = to_deps(r, NULL);

		fdset_closure_prepare(&env, deps, &cl);
		for (uint32_t x = 0; x <= all; x++)
		{
			FdsetWord	in = x,
						out;

			fdset_closure_compute(cl, &in, &out);
			ok = ok && out == ref_closure(r, x);
		}
		fdset_closure_free(&env, cl);
		check(P_CLOSURE, ok);

		check_cover(r, deps);
		check_analysis(r, deps);
		check_decompositions(r, deps);
		check_projection_and_chase(r, deps);
		if (cur_round % 4 == 0)
			check_wide(r);
		fdset_deps_free(&env, deps);
	}
}

int
main(void)
{
	const char *seed_env = getenv("FDSET_SEED");
	const char *rounds_env = getenv("FDSET_PROP_ROUNDS");
	int			rounds = rounds_env ? atoi(rounds_env) : 3000;

	fdset_env_init(&env);
	run_seed(FIXED_SEED, rounds);
	if (seed_env != NULL && *seed_env != '\0')
	{
		uint64_t	seed = strtoull(seed_env, NULL, 10);

		tap_diag("extra seed from FDSET_SEED: %llu", (unsigned long long) seed);
		run_seed(seed, rounds);
	}
	tap_ok(fallbacks > 0, "the BCNF fallback was exercised (%ld times)",
		   fallbacks);
	for (int p = 0; p < NPROPS; p++)
		tap_ok(failed[p] == 0 && checked[p] > 0, "%s (%ld checked, %ld failed)",
			   prop_names[p], checked[p], failed[p]);
	return tap_done();
}
