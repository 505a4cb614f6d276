/*-------------------------------------------------------------------------
 *
 * fuzz_algebra.c
 *	  libFuzzer target feeding arbitrary dependency sets to the algebra.
 *
 * The first byte chooses the mode and width.  Narrow relations (at most
 * 8 attributes) are checked against the brute-force reference in
 * test/unit/fdref.c: closures, keys, normal form, and the losslessness,
 * preservation and normal form of both decompositions.  Wide relations
 * (up to 200 attributes, spanning several words) are checked for
 * internal consistency: the cover is equivalent to the input, every key
 * is a minimal superkey, the keys are sorted and distinct, and the BCNF
 * decomposition passes the chase.  Caps are kept low so that each input
 * runs in milliseconds; hitting a cap is an allowed outcome.
 *
 * IDENTIFICATION
 *	  sysdesign/test/fuzz/fuzz_algebra.c
 *
 *-------------------------------------------------------------------------
 */
#include "fdset.h"
#include "fdref.h"

#include <stdlib.h>
#include <string.h>

#define require(cond) do { if (!(cond)) abort(); } while (0)

static bool
capped(FdsetStatus st)
{
	require(st == FDSET_OK || st == FDSET_ERR_KEY_LIMIT ||
			st == FDSET_ERR_PROJECTION_LIMIT);
	return st != FDSET_OK;
}

static void
narrow(FdsetEnv *env, const uint8_t *data, size_t size, int n)
{
	RefDeps		r;
	FdsetDeps  *deps;
	FdsetAnalysis *an;
	FdsetDecomposition *dec;
	FdsetClosure *cl;
	uint32_t	all = (1u << n) - 1;
	uint32_t	keys[REF_MAX_KEYS];
	uint32_t	rels[64];
	int			nkeys;
	bool		lossless;

	memset(&r, 0, sizeof(r));
	r.n = n;
	for (size_t i = 0; i + 1 < size && r.m < 24; i += 2)
	{
		r.lhs[r.m] = data[i] & all;
		r.rhs[r.m] = data[i + 1] & all;
		r.m++;
	}
	require(fdset_deps_create(env, n, &deps) == FDSET_OK);
	for (int i = 0; i < r.m; i++)
	{
		FdsetWord	l = r.lhs[i],
					rr = r.rhs[i];

		require(fdset_deps_add(env, deps, &l, &rr) == FDSET_OK);
	}

	require(fdset_closure_prepare(env, deps, &cl) == FDSET_OK);
	for (uint32_t x = 0; x <= all; x++)
	{
		FdsetWord	in = x,
					out;

		fdset_closure_compute(cl, &in, &out);
		require(out == ref_closure(&r, x));
	}
	fdset_closure_free(env, cl);

	require(fdset_analyze(env, deps, &an) == FDSET_OK);
	nkeys = ref_keys(&r, all, keys);
	require(an->keys->nsets == nkeys);
	for (int i = 0; i < nkeys; i++)
		require(fdset_set(an->keys, i)[0] == keys[i]);
	require((int) an->highest == ref_normal_form(&r, all));
	fdset_analysis_free(env, an);

	for (int pass = 0; pass < 2; pass++)
	{
		require((pass == 0 ? fdset_synthesize_3nf(env, deps, &dec) :
				 fdset_decompose_bcnf(env, deps, &dec)) == FDSET_OK);
		for (int i = 0; i < dec->rels->nsets; i++)
		{
			rels[i] = (uint32_t) fdset_set(dec->rels, i)[0];
			require(ref_normal_form(&r, rels[i]) >= (pass == 0 ? 3 : 4));
		}
		require(ref_lossless(&r, rels, dec->rels->nsets));
		require(fdset_is_lossless(env, deps, dec->rels, &lossless) ==
				FDSET_OK && lossless);
		if (pass == 0)
		{
			require(dec->lost->nfds == 0);
			for (int i = 0; i < r.m; i++)
				require(ref_preserved(&r, rels, dec->rels->nsets,
									  r.lhs[i], r.rhs[i]));
		}
		fdset_decomposition_free(env, dec);
	}
	fdset_deps_free(env, deps);
}

static void
wide(FdsetEnv *env, const uint8_t *data, size_t size, int n)
{
	FdsetDeps  *deps;
	FdsetDeps  *cover;
	FdsetSets  *keys;
	FdsetDecomposition *dec;
	int			nw = FDSET_WORDS(n);
	FdsetWord  *all = calloc((size_t) nw * 3, sizeof(FdsetWord));
	FdsetWord  *s = all + nw;
	FdsetWord  *c = all + 2 * nw;
	bool		ok;

	fdset_attrs_fill(all, n);
	require(fdset_deps_create(env, n, &deps) == FDSET_OK);

	/* each dependency: count byte, then that many attribute bytes per side */
	for (size_t i = 0; i + 1 < size && deps->nfds < 64;)
	{
		int			lhs[8],
					rhs[4];
		int			nl = data[i] % 4,
					nr = 1 + (data[i] / 4) % 3;

		i++;
		for (int k = 0; k < nl && i < size; k++)
			lhs[k] = data[i++] % n;
		for (int k = 0; k < nr && i < size; k++)
			rhs[k] = data[i++] % n;
		if (i >= size)
			break;
		require(fdset_deps_add_attnums(env, deps, lhs, nl, rhs, nr) ==
				FDSET_OK);
	}

	require(fdset_canonical_cover(env, deps, &cover) == FDSET_OK);
	require(fdset_equivalent(env, deps, cover, &ok) == FDSET_OK && ok);
	fdset_deps_free(env, cover);

	if (!capped(fdset_candidate_keys(env, deps, &keys)))
	{
		FdsetClosure *cl;

		require(fdset_closure_prepare(env, deps, &cl) == FDSET_OK);
		for (int i = 0; i < keys->nsets; i++)
		{
			const FdsetWord *k = fdset_set(keys, i);

			fdset_closure_compute(cl, k, c);
			require(fdset_attrs_equal(c, all, nw));
			for (int a = fdset_attrs_next(k, nw, -1); a >= 0;
				 a = fdset_attrs_next(k, nw, a))
			{
				fdset_attrs_copy(s, k, nw);
				fdset_attrs_del(s, a);
				fdset_closure_compute(cl, s, c);
				require(!fdset_attrs_equal(c, all, nw));
			}
			if (i > 0)
				require(fdset_attrs_cmp(fdset_set(keys, i - 1), k, nw) < 0);
		}
		fdset_closure_free(env, cl);
		fdset_sets_free(env, keys);
	}

	if (!capped(fdset_decompose_bcnf(env, deps, &dec)))
	{
		require(fdset_is_lossless(env, deps, dec->rels, &ok) == FDSET_OK &&
				ok);
		fdset_decomposition_free(env, dec);
	}
	fdset_deps_free(env, deps);
	free(all);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FdsetEnv	env;

	if (size < 1)
		return 0;
	fdset_env_init(&env);
	env.max_keys = 500;
	env.max_projection_fds = 500;
	if (data[0] < 160)
		narrow(&env, data + 1, size - 1, 1 + data[0] % 8);
	else
		wide(&env, data + 1, size - 1, 9 + data[0] % 192);
	return 0;
}
