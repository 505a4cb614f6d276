/*-------------------------------------------------------------------------
 *
 * fdref.c
 *	  Brute-force reference for functional dependencies (see fdref.h).
 *
 * IDENTIFICATION
 *	  sysdesign/test/unit/fdref.c
 *
 *-------------------------------------------------------------------------
 */
#include "fdref.h"

#include <string.h>

int
ref_popcount(uint32_t x)
{
	int			n = 0;

	for (; x; x &= x - 1)
		n++;
	return n;
}

/*
 * ref_cmp
 *
 * Smaller set first, then the sorted attribute lists compared
 * lexicographically, written out the long way.
 */
int
ref_cmp(uint32_t a, uint32_t b)
{
	int			la[32],
				lb[32];
	int			na = 0,
				nb = 0;

	if (ref_popcount(a) != ref_popcount(b))
		return ref_popcount(a) < ref_popcount(b) ? -1 : 1;
	for (int i = 0; i < 32; i++)
	{
		if (a & (1u << i))
			la[na++] = i;
		if (b & (1u << i))
			lb[nb++] = i;
	}
	for (int i = 0; i < na; i++)
		if (la[i] != lb[i])
			return la[i] < lb[i] ? -1 : 1;
	return 0;
}

/* x+ : apply every dependency until nothing changes */
uint32_t
ref_closure(const RefDeps *d, uint32_t x)
{
	bool		changed = true;

	while (changed)
	{
		changed = false;
		for (int i = 0; i < d->m; i++)
			if ((d->lhs[i] & ~x) == 0 && (d->rhs[i] & ~x) != 0)
			{
				x |= d->rhs[i];
				changed = true;
			}
	}
	return x;
}

/* does x determine every attribute of rel? */
bool
ref_superkey(const RefDeps *d, uint32_t x, uint32_t rel)
{
	return (ref_closure(d, x) & rel) == rel;
}

/*
 * ref_keys
 *
 * Every candidate key of the relation rel (with the dependencies that
 * hold on it): the subsets of rel that are superkeys of rel and have no
 * proper subset that is one.  Sorted by ref_cmp.  Returns the count.
 */
int
ref_keys(const RefDeps *d, uint32_t rel, uint32_t *keys)
{
	int			n = 0;

	for (uint32_t s = 0;; s = (s - rel) & rel)
	{
		if (ref_superkey(d, s, rel))
		{
			bool		minimal = true;

			for (int a = 0; a < 32 && minimal; a++)
				if ((s & (1u << a)) && ref_superkey(d, s & ~(1u << a), rel))
					minimal = false;
			if (minimal && n < REF_MAX_KEYS)
				keys[n++] = s;
		}
		if (s == rel)
			break;
	}
	/* insertion sort */
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && ref_cmp(keys[j - 1], keys[j]) > 0; j--)
		{
			uint32_t	t = keys[j];

			keys[j] = keys[j - 1];
			keys[j - 1] = t;
		}
	return n;
}

uint32_t
ref_prime(const RefDeps *d, uint32_t rel)
{
	uint32_t	keys[REF_MAX_KEYS];
	int			n = ref_keys(d, rel, keys);
	uint32_t	p = 0;

	for (int i = 0; i < n; i++)
		p |= keys[i];
	return p;
}

/*
 * ref_normal_form
 *
 * The highest of 1 (1NF), 2, 3 and 4 (BCNF) that the relation rel meets
 * under the projection of the dependencies onto it, straight from the
 * definitions:
 *	2NF: no non-prime A in X+ for X a proper subset of a key;
 *	3NF: every non-trivial X -> A (X inside rel, A in X+ n rel) has X a
 *		 superkey of rel or A prime;
 *	BCNF: every such X is a superkey of rel.
 */
int
ref_normal_form(const RefDeps *d, uint32_t rel)
{
	uint32_t	keys[REF_MAX_KEYS];
	int			nkeys = ref_keys(d, rel, keys);
	uint32_t	prime = 0;
	bool		nf2 = true,
				nf3 = true,
				bcnf = true;

	for (int i = 0; i < nkeys; i++)
		prime |= keys[i];
	for (int i = 0; i < nkeys; i++)
		for (uint32_t x = 0;; x = (x - keys[i]) & keys[i])
		{
			if (x != keys[i] &&
				(ref_closure(d, x) & rel & ~x & ~prime) != 0)
				nf2 = false;
			if (x == keys[i])
				break;
		}
	for (uint32_t x = 0;; x = (x - rel) & rel)
	{
		uint32_t	dep = ref_closure(d, x) & rel & ~x;

		if (dep != 0 && !ref_superkey(d, x, rel))
		{
			bcnf = false;
			if (dep & ~prime)
				nf3 = false;
		}
		if (x == rel)
			break;
	}
	if (!nf2)
		return 1;
	if (!nf3)
		return 2;
	if (!bcnf)
		return 3;
	return 4;
}

/*
 * ref_lossless
 *
 * The chase over the dependencies as given (not a cover): rows are the
 * relations, symbol 0 is distinguished, row r's own symbol is r + 1.
 */
bool
ref_lossless(const RefDeps *d, const uint32_t *rels, int nrels)
{
	int			t[64][REF_MAX_ATTS];
	bool		changed = true;

	for (int r = 0; r < nrels; r++)
		for (int a = 0; a < d->n; a++)
			t[r][a] = (rels[r] & (1u << a)) ? 0 : r + 1;
	while (changed)
	{
		changed = false;
		for (int r = 0; r < nrels; r++)
		{
			bool		all = true;

			for (int a = 0; a < d->n; a++)
				all = all && t[r][a] == 0;
			if (all)
				return true;
		}
		for (int i = 0; i < d->m; i++)
			for (int r1 = 0; r1 < nrels; r1++)
				for (int r2 = 0; r2 < nrels; r2++)
				{
					bool		agree = true;

					for (int a = 0; a < d->n; a++)
						if ((d->lhs[i] & (1u << a)) && t[r1][a] != t[r2][a])
							agree = false;
					if (!agree)
						continue;
					for (int a = 0; a < d->n; a++)
					{
						int			lo,
									hi;

						if (!(d->rhs[i] & (1u << a)) || t[r1][a] == t[r2][a])
							continue;
						lo = t[r1][a] < t[r2][a] ? t[r1][a] : t[r2][a];
						hi = t[r1][a] < t[r2][a] ? t[r2][a] : t[r1][a];
						for (int r = 0; r < nrels; r++)
							if (t[r][a] == hi)
								t[r][a] = lo;
						changed = true;
					}
				}
	}
	return false;
}

/*
 * ref_preserved
 *
 * Build the union G of the projections of the dependencies onto each
 * relation (every X inside Ri with X -> (X+ n Ri)) and test whether G
 * implies lhs -> rhs, by fixpoint iteration over G.
 */
bool
ref_preserved(const RefDeps *d, const uint32_t *rels, int nrels,
			  uint32_t lhs, uint32_t rhs)
{
	static uint32_t gl[REF_MAX_RELS << REF_MAX_ATTS];
	static uint32_t gr[REF_MAX_RELS << REF_MAX_ATTS];
	int			m = 0;
	uint32_t	z = lhs;
	bool		changed = true;

	for (int r = 0; r < nrels && r < REF_MAX_RELS; r++)
		for (uint32_t x = 0;; x = (x - rels[r]) & rels[r])
		{
			gl[m] = x;
			gr[m] = ref_closure(d, x) & rels[r];
			m++;
			if (x == rels[r])
				break;
		}
	while (changed)
	{
		changed = false;
		for (int i = 0; i < m; i++)
			if ((gl[i] & ~z) == 0 && (gr[i] & ~z) != 0)
			{
				z |= gr[i];
				changed = true;
			}
	}
	return (rhs & ~z) == 0;
}
