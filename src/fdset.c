/*-------------------------------------------------------------------------
 *
 * fdset.c
 *	  Functional-dependency algebra for the normal-form checker.
 *
 * Everything here works on attribute numbers 0 .. natts-1 and bitsets of
 * 64-bit words sized to the relation, so that a 1600-column table costs
 * 25 words per set.  The central tool is the linear-time closure of
 * Beeri and Bernstein (1979): each dependency keeps a counter of the
 * left-side attributes not yet derived, and each attribute a list of the
 * dependencies whose left side mentions it, so every dependency is looked
 * at once per attribute of its left side and fires when its counter
 * drops to zero.  An FdsetClosure caches that index so that the many
 * closures of key enumeration and cover minimisation do not rebuild it.
 *
 * On top of the closure come the canonical cover, the candidate keys
 * (Lucchesi and Osborn, 1978: output-polynomial), the 2NF, 3NF and BCNF
 * tests with the general definitions of Elmasri and Navathe, projection
 * of dependencies (attribute elimination by resolution, after Gottlob,
 * 1987; exponential in the worst case and therefore capped), Bernstein's
 * 3NF synthesis, the classic BCNF decomposition (helped by the
 * polynomial pair test of Tsou and Fischer, 1982, which also serves as
 * its fallback when a projection is too large), the dependency
 * preservation test of Beeri and Honeyman, and the chase for losslessness.
 * Last comes the parser of the text form 'a, "Odd Col" -> b, c'.
 *
 * No PostgreSQL header is included.  Memory, interrupts and errors go
 * through the FdsetEnv that every call takes; see fdset.h.
 *
 * IDENTIFICATION
 *	  sysdesign/src/fdset.c
 *
 *-------------------------------------------------------------------------
 */
#include "fdset.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WORD_BYTES	sizeof(FdsetWord)

struct FdsetClosure
{
	int			natts;
	int			nwords;
	int			nfds;
	int		   *lhs_size;		/* per dependency: |lhs| */
	int		   *att_start;		/* natts + 1 offsets into att_fds */
	int		   *att_fds;		/* dependencies whose lhs holds the att */
	int		   *rhs_start;		/* nfds + 1 offsets into rhs_atts */
	int		   *rhs_atts;		/* right-side attributes, per dependency */
	int		   *empty_lhs;		/* dependencies with an empty lhs */
	int			nempty;
	int		   *counter;		/* scratch: lhs attributes still missing */
	int		   *queue;			/* scratch: attributes to propagate */
	unsigned char *disabled;	/* per dependency: ignore when set */
	FdsetWord  *scratch;		/* scratch set for fdset_closure_reaches() */
};

/* A growable violation list, used only while fdset_analyze() runs. */
typedef struct ViolationList
{
	FdsetDeps  *sides;			/* lhs and rhs of each finding */
	int		   *kind;
	int		   *key;
	int			capacity;
} ViolationList;

#if defined(__GNUC__) || defined(__clang__)
#define FDSET_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define FDSET_PRINTF(f, a)
#endif

static FdsetStatus set_error(FdsetEnv *env, FdsetStatus status,
							 const char *fmt,...) FDSET_PRINTF(3, 4);


/* ---------------------------------------------------------------------
 * Environment and errors
 * ---------------------------------------------------------------------
 */

/* the standalone allocator pair, set by fdset_env_init() */
static void *
default_alloc(size_t size, void *arg)
{
	(void) arg;
	return malloc(size);
}

static void
default_release(void *ptr, void *arg)
{
	(void) arg;
	free(ptr);
}

/*
 * fdset_env_init
 *
 * Fill env with the standalone defaults: malloc and free, no interrupt
 * callback, UTF-8 clipping of long names, and the default caps.
 */
void
fdset_env_init(FdsetEnv *env)
{
	memset(env, 0, sizeof(*env));
	env->alloc = default_alloc;
	env->release = default_release;
	env->max_keys = FDSET_DEFAULT_MAX_KEYS;
	env->max_projection_fds = FDSET_DEFAULT_MAX_PROJECTION_FDS;
	env->errpos = -1;
}

/*
 * fdset_status_name
 *
 * A stable lower-case name for each status, for logs and tests.
 */
const char *
fdset_status_name(FdsetStatus status)
{
	switch (status)
	{
		case FDSET_OK:
			return "ok";
		case FDSET_ERR_NOMEM:
			return "out of memory";
		case FDSET_ERR_INVALID:
			return "invalid argument";
		case FDSET_ERR_SYNTAX:
			return "syntax error";
		case FDSET_ERR_KEY_LIMIT:
			return "candidate key limit exceeded";
		case FDSET_ERR_PROJECTION_LIMIT:
			return "projection limit exceeded";
		case FDSET_ERR_INTERRUPTED:
			return "interrupted";
	}
	return "unrecognized status";
}

/*
 * set_error
 *
 * Record a message in env->errmsg and hand the status back, so that a
 * failing path reads "return set_error(env, ...)".
 */
static FdsetStatus
set_error(FdsetEnv *env, FdsetStatus status, const char *fmt,...)
{
	va_list		ap;

	/* only syntax errors have a position; their caller sets it first */
	if (status != FDSET_ERR_SYNTAX)
		env->errpos = -1;
	va_start(ap, fmt);
	vsnprintf(env->errmsg, sizeof(env->errmsg), fmt, ap);
	va_end(ap);
	return status;
}

/*
 * mem_alloc
 *
 * Allocate size bytes (at least one, so that zero-width sets of a
 * zero-column relation still get a real pointer).  Returns NULL with
 * env->errmsg set when the allocator fails.
 */
static void *
mem_alloc(FdsetEnv *env, size_t size)
{
	void	   *p = env->alloc(size > 0 ? size : 1, env->alloc_arg);

	if (p == NULL)
		set_error(env, FDSET_ERR_NOMEM,
				  "Could not allocate %zu bytes.", size);
	return p;
}

static void *
mem_alloc0(FdsetEnv *env, size_t size)
{
	void	   *p = mem_alloc(env, size);

	if (p != NULL)
		memset(p, 0, size > 0 ? size : 1);
	return p;
}

static void
mem_free(FdsetEnv *env, void *ptr)
{
	if (ptr != NULL)
		env->release(ptr, env->alloc_arg);
}

/* a cap from env, where zero or less means the default */
static inline int
cap_of(int value, int dflt)
{
	return value > 0 ? value : dflt;
}

/*
 * check_interrupt
 *
 * Give the caller a chance to cancel; called once per iteration of every
 * loop whose length is not bounded by a small polynomial of the input.
 */
static FdsetStatus
check_interrupt(FdsetEnv *env)
{
	if (env->interrupt != NULL && env->interrupt(env->interrupt_arg))
		return set_error(env, FDSET_ERR_INTERRUPTED,
						 "The computation was interrupted.");
	return FDSET_OK;
}


/* ---------------------------------------------------------------------
 * Attribute sets
 * ---------------------------------------------------------------------
 */

static inline int
word_popcount(FdsetWord w)
{
#if defined(__GNUC__) || defined(__clang__)
	return __builtin_popcountll(w);
#else
	int			n = 0;

	while (w)
	{
		w &= w - 1;
		n++;
	}
	return n;
#endif
}

static inline int
word_lowest(FdsetWord w)
{
#if defined(__GNUC__) || defined(__clang__)
	return __builtin_ctzll(w);
#else
	int			n = 0;

	while ((w & 1) == 0)
	{
		w >>= 1;
		n++;
	}
	return n;
#endif
}

static inline int
word_highest(FdsetWord w)
{
#if defined(__GNUC__) || defined(__clang__)
	return 63 - __builtin_clzll(w);
#else
	int			n = 63;

	while ((w >> n) == 0)
		n--;
	return n;
#endif
}

void
fdset_attrs_clear(FdsetWord *s, int nw)
{
	for (int i = 0; i < nw; i++)
		s[i] = 0;
}

/*
 * fdset_attrs_fill
 *
 * Make s the set of all attributes {0 .. natts-1}, leaving the bits above
 * natts zero as every set must.
 */
void
fdset_attrs_fill(FdsetWord *s, int natts)
{
	int			nw = FDSET_WORDS(natts);

	for (int i = 0; i < nw; i++)
		s[i] = ~(FdsetWord) 0;
	if (natts % FDSET_WORD_BITS != 0)
		s[nw - 1] = ((FdsetWord) 1 << (natts % FDSET_WORD_BITS)) - 1;
}

void
fdset_attrs_copy(FdsetWord *dst, const FdsetWord *src, int nw)
{
	for (int i = 0; i < nw; i++)
		dst[i] = src[i];
}

void
fdset_attrs_union(FdsetWord *dst, const FdsetWord *src, int nw)
{
	for (int i = 0; i < nw; i++)
		dst[i] |= src[i];
}

void
fdset_attrs_intersect(FdsetWord *dst, const FdsetWord *src, int nw)
{
	for (int i = 0; i < nw; i++)
		dst[i] &= src[i];
}

void
fdset_attrs_minus(FdsetWord *dst, const FdsetWord *src, int nw)
{
	for (int i = 0; i < nw; i++)
		dst[i] &= ~src[i];
}

/* Is a a subset of b? */
bool
fdset_attrs_subset(const FdsetWord *a, const FdsetWord *b, int nw)
{
	for (int i = 0; i < nw; i++)
		if (a[i] & ~b[i])
			return false;
	return true;
}

bool
fdset_attrs_equal(const FdsetWord *a, const FdsetWord *b, int nw)
{
	for (int i = 0; i < nw; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

bool
fdset_attrs_overlap(const FdsetWord *a, const FdsetWord *b, int nw)
{
	for (int i = 0; i < nw; i++)
		if (a[i] & b[i])
			return true;
	return false;
}

bool
fdset_attrs_is_empty(const FdsetWord *s, int nw)
{
	for (int i = 0; i < nw; i++)
		if (s[i])
			return false;
	return true;
}

int
fdset_attrs_count(const FdsetWord *s, int nw)
{
	int			n = 0;

	for (int i = 0; i < nw; i++)
		n += word_popcount(s[i]);
	return n;
}

/*
 * fdset_attrs_next
 *
 * The smallest member of s greater than prev, or -1 when there is none.
 * Iterate with: for (a = fdset_attrs_next(s, nw, -1); a >= 0;
 * a = fdset_attrs_next(s, nw, a)).
 */
int
fdset_attrs_next(const FdsetWord *s, int nw, int prev)
{
	int			start = prev + 1;
	int			w = start / FDSET_WORD_BITS;
	FdsetWord	bits;

	if (start < 0 || w >= nw)
		return -1;
	bits = s[w] & (~(FdsetWord) 0 << (start % FDSET_WORD_BITS));
	for (;;)
	{
		if (bits)
			return w * FDSET_WORD_BITS + word_lowest(bits);
		if (++w >= nw)
			return -1;
		bits = s[w];
	}
}

/*
 * fdset_attrs_hash
 *
 * A 64-bit hash of the set, for deduplication.  Deterministic: it depends
 * on the bits only.
 */
uint64_t
fdset_attrs_hash(const FdsetWord *s, int nw)
{
	uint64_t	h = 0x9e3779b97f4a7c15ULL ^ (uint64_t) nw;

	for (int i = 0; i < nw; i++)
	{
		uint64_t	x = s[i] + 0x9e3779b97f4a7c15ULL * (uint64_t) (i + 1);

		/* the finaliser of splitmix64 mixes every input bit */
		x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
		x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
		x ^= x >> 31;
		h = (h ^ x) * 0x100000001b3ULL;
	}
	return h ^ (h >> 29);
}

/*
 * fdset_attrs_cmp
 *
 * The order in which every list of sets is reported: the smaller set
 * first, and among sets of one size the one whose sorted attribute list
 * is lexicographically smaller.  For two sets of equal size that is the
 * set holding the lowest attribute in which they differ.
 */
int
fdset_attrs_cmp(const FdsetWord *a, const FdsetWord *b, int nw)
{
	int			ca = fdset_attrs_count(a, nw);
	int			cb = fdset_attrs_count(b, nw);

	if (ca != cb)
		return ca < cb ? -1 : 1;
	for (int i = 0; i < nw; i++)
	{
		FdsetWord	x = a[i] ^ b[i];

		if (x)
		{
			FdsetWord	low = x & (~x + 1);

			return (a[i] & low) ? -1 : 1;
		}
	}
	return 0;
}

/*
 * attrs_valid
 *
 * Does s hold only attributes below natts?  Sets that come from callers
 * are checked once on the way in; internal ones are correct by
 * construction.
 */
static bool
attrs_valid(const FdsetWord *s, int natts)
{
	int			nw = FDSET_WORDS(natts);

	if (natts % FDSET_WORD_BITS == 0 || nw == 0)
		return true;
	return (s[nw - 1] >> (natts % FDSET_WORD_BITS)) == 0;
}

/* the single member of a set known to hold exactly one attribute */
static inline int
attrs_single(const FdsetWord *s, int nw)
{
	return fdset_attrs_next(s, nw, -1);
}


/* ---------------------------------------------------------------------
 * Dependency lists and set lists
 * ---------------------------------------------------------------------
 */

/* refuse a width PostgreSQL could not have */
static FdsetStatus
check_natts(FdsetEnv *env, int natts)
{
	if (natts < 0 || natts > FDSET_MAX_ATTRS)
		return set_error(env, FDSET_ERR_INVALID,
						 "A relation has between 0 and %d attributes, not %d.",
						 FDSET_MAX_ATTRS, natts);
	return FDSET_OK;
}

/*
 * fdset_deps_create
 *
 * An empty dependency list over natts attributes, to be released with
 * fdset_deps_free().
 */
FdsetStatus
fdset_deps_create(FdsetEnv *env, int natts, FdsetDeps **out)
{
	FdsetDeps  *deps;
	FdsetStatus st;

	*out = NULL;
	if ((st = check_natts(env, natts)) != FDSET_OK)
		return st;
	deps = mem_alloc0(env, sizeof(FdsetDeps));
	if (deps == NULL)
		return FDSET_ERR_NOMEM;
	deps->natts = natts;
	deps->nwords = FDSET_WORDS(natts);
	*out = deps;
	return FDSET_OK;
}

/* release a dependency list; NULL is fine */
void
fdset_deps_free(FdsetEnv *env, FdsetDeps *deps)
{
	if (deps == NULL)
		return;
	mem_free(env, deps->lhs);
	mem_free(env, deps->rhs);
	mem_free(env, deps);
}

/*
 * deps_reserve
 *
 * Make room for at least need dependencies, doubling the arrays.  env has
 * no realloc, so grow by copy.
 */
static FdsetStatus
deps_reserve(FdsetEnv *env, FdsetDeps *deps, int need)
{
	int			cap = deps->capacity > 0 ? deps->capacity : 8;
	size_t		bytes;
	FdsetWord  *lhs;
	FdsetWord  *rhs;

	if (need <= deps->capacity)
		return FDSET_OK;
	while (cap < need)
		cap *= 2;
	bytes = (size_t) cap * deps->nwords * WORD_BYTES;
	lhs = mem_alloc(env, bytes);
	if (lhs == NULL)
		return FDSET_ERR_NOMEM;
	rhs = mem_alloc(env, bytes);
	if (rhs == NULL)
	{
		mem_free(env, lhs);
		return FDSET_ERR_NOMEM;
	}
	if (deps->nfds > 0)
	{
		size_t		used = (size_t) deps->nfds * deps->nwords * WORD_BYTES;

		memcpy(lhs, deps->lhs, used);
		memcpy(rhs, deps->rhs, used);
	}
	mem_free(env, deps->lhs);
	mem_free(env, deps->rhs);
	deps->lhs = lhs;
	deps->rhs = rhs;
	deps->capacity = cap;
	return FDSET_OK;
}

/* append without validation; the sets come from inside this file */
static FdsetStatus
deps_push(FdsetEnv *env, FdsetDeps *deps, const FdsetWord *lhs,
		  const FdsetWord *rhs)
{
	FdsetStatus st;

	if ((st = deps_reserve(env, deps, deps->nfds + 1)) != FDSET_OK)
		return st;
	fdset_attrs_copy(fdset_lhs(deps, deps->nfds), lhs, deps->nwords);
	fdset_attrs_copy(fdset_rhs(deps, deps->nfds), rhs, deps->nwords);
	deps->nfds++;
	return FDSET_OK;
}

/* append X -> {a} */
static FdsetStatus
deps_push_single(FdsetEnv *env, FdsetDeps *deps, const FdsetWord *lhs, int a)
{
	FdsetStatus st;
	FdsetWord  *rhs;

	if ((st = deps_reserve(env, deps, deps->nfds + 1)) != FDSET_OK)
		return st;
	fdset_attrs_copy(fdset_lhs(deps, deps->nfds), lhs, deps->nwords);
	rhs = fdset_rhs(deps, deps->nfds);
	fdset_attrs_clear(rhs, deps->nwords);
	fdset_attrs_add(rhs, a);
	deps->nfds++;
	return FDSET_OK;
}

/*
 * fdset_deps_add
 *
 * Append lhs -> rhs (copied).  Either side may be empty; an empty left
 * side means the right side is constant.  Trivial parts are kept here and
 * dropped by the canonical cover.
 */
FdsetStatus
fdset_deps_add(FdsetEnv *env, FdsetDeps *deps, const FdsetWord *lhs,
			   const FdsetWord *rhs)
{
	if (!attrs_valid(lhs, deps->natts) || !attrs_valid(rhs, deps->natts))
		return set_error(env, FDSET_ERR_INVALID,
						 "A dependency names an attribute outside the relation's %d attributes.",
						 deps->natts);
	return deps_push(env, deps, lhs, rhs);
}

/*
 * fdset_deps_add_attnums
 *
 * Append the dependency whose sides are the given attribute numbers, each
 * in 0 .. natts-1.  Repeated numbers are harmless.
 */
FdsetStatus
fdset_deps_add_attnums(FdsetEnv *env, FdsetDeps *deps, const int *lhs,
					   int nlhs, const int *rhs, int nrhs)
{
	FdsetStatus st;
	FdsetWord  *l;
	FdsetWord  *r;

	for (int i = 0; i < nlhs + nrhs; i++)
	{
		int			a = i < nlhs ? lhs[i] : rhs[i - nlhs];

		if (a < 0 || a >= deps->natts)
			return set_error(env, FDSET_ERR_INVALID,
							 "Attribute number %d is outside the relation's %d attributes.",
							 a, deps->natts);
	}
	if ((st = deps_reserve(env, deps, deps->nfds + 1)) != FDSET_OK)
		return st;
	l = fdset_lhs(deps, deps->nfds);
	r = fdset_rhs(deps, deps->nfds);
	fdset_attrs_clear(l, deps->nwords);
	fdset_attrs_clear(r, deps->nwords);
	for (int i = 0; i < nlhs; i++)
		fdset_attrs_add(l, lhs[i]);
	for (int i = 0; i < nrhs; i++)
		fdset_attrs_add(r, rhs[i]);
	deps->nfds++;
	return FDSET_OK;
}

/*
 * fdset_deps_copy
 *
 * A deep copy of deps, owned by the caller.
 */
FdsetStatus
fdset_deps_copy(FdsetEnv *env, const FdsetDeps *deps, FdsetDeps **out)
{
	FdsetDeps  *copy;
	FdsetStatus st;

	*out = NULL;
	if ((st = fdset_deps_create(env, deps->natts, &copy)) != FDSET_OK)
		return st;
	if ((st = deps_reserve(env, copy, deps->nfds)) != FDSET_OK)
	{
		fdset_deps_free(env, copy);
		return st;
	}
	if (deps->nfds > 0)
	{
		memcpy(copy->lhs, deps->lhs,
			   (size_t) deps->nfds * deps->nwords * WORD_BYTES);
		memcpy(copy->rhs, deps->rhs,
			   (size_t) deps->nfds * deps->nwords * WORD_BYTES);
	}
	copy->nfds = deps->nfds;
	*out = copy;
	return FDSET_OK;
}

/*
 * fdset_sets_create
 *
 * An empty list of attribute sets over natts attributes, released with
 * fdset_sets_free().
 */
FdsetStatus
fdset_sets_create(FdsetEnv *env, int natts, FdsetSets **out)
{
	FdsetSets  *sets;
	FdsetStatus st;

	*out = NULL;
	if ((st = check_natts(env, natts)) != FDSET_OK)
		return st;
	sets = mem_alloc0(env, sizeof(FdsetSets));
	if (sets == NULL)
		return FDSET_ERR_NOMEM;
	sets->natts = natts;
	sets->nwords = FDSET_WORDS(natts);
	*out = sets;
	return FDSET_OK;
}

/* release a set list; NULL is fine */
void
fdset_sets_free(FdsetEnv *env, FdsetSets *sets)
{
	if (sets == NULL)
		return;
	mem_free(env, sets->words);
	mem_free(env, sets);
}

/* append a copy of set, doubling the storage when full */
static FdsetStatus
sets_push(FdsetEnv *env, FdsetSets *sets, const FdsetWord *set)
{
	if (sets->nsets == sets->capacity)
	{
		int			cap = sets->capacity > 0 ? sets->capacity * 2 : 8;
		FdsetWord  *words;

		words = mem_alloc(env, (size_t) cap * sets->nwords * WORD_BYTES);
		if (words == NULL)
			return FDSET_ERR_NOMEM;
		if (sets->nsets > 0)
			memcpy(words, sets->words,
				   (size_t) sets->nsets * sets->nwords * WORD_BYTES);
		mem_free(env, sets->words);
		sets->words = words;
		sets->capacity = cap;
	}
	fdset_attrs_copy(fdset_set(sets, sets->nsets), set, sets->nwords);
	sets->nsets++;
	return FDSET_OK;
}

/*
 * fdset_sets_add
 *
 * Append a copy of set to the list.
 */
FdsetStatus
fdset_sets_add(FdsetEnv *env, FdsetSets *sets, const FdsetWord *set)
{
	if (!attrs_valid(set, sets->natts))
		return set_error(env, FDSET_ERR_INVALID,
						 "A set names an attribute outside the relation's %d attributes.",
						 sets->natts);
	return sets_push(env, sets, set);
}


/* ---------------------------------------------------------------------
 * Deterministic sorting
 * ---------------------------------------------------------------------
 */

typedef int (*IndexCmp) (const void *ctx, int a, int b);

/*
 * sort_indices
 *
 * Stable merge sort of idx[0 .. n-1] under cmp.  The C library's qsort
 * is neither stable nor able to pass a context portably.
 */
static FdsetStatus
sort_indices(FdsetEnv *env, int *idx, int n, IndexCmp cmp, const void *ctx)
{
	int		   *tmp;

	if (n < 2)
		return FDSET_OK;
	tmp = mem_alloc(env, (size_t) n * sizeof(int));
	if (tmp == NULL)
		return FDSET_ERR_NOMEM;
	for (int width = 1; width < n; width *= 2)
	{
		for (int lo = 0; lo < n; lo += 2 * width)
		{
			int			mid = lo + width < n ? lo + width : n;
			int			hi = lo + 2 * width < n ? lo + 2 * width : n;
			int			i = lo,
						j = mid,
						k = lo;

			while (i < mid && j < hi)
				tmp[k++] = cmp(ctx, idx[j], idx[i]) < 0 ? idx[j++] : idx[i++];
			while (i < mid)
				tmp[k++] = idx[i++];
			while (j < hi)
				tmp[k++] = idx[j++];
		}
		memcpy(idx, tmp, (size_t) n * sizeof(int));
	}
	mem_free(env, tmp);
	return FDSET_OK;
}

/* comparators for sort_indices(): by (lhs, rhs), by lhs, by set */
static int
deps_index_cmp(const void *ctx, int a, int b)
{
	const FdsetDeps *deps = ctx;
	int			c;

	c = fdset_attrs_cmp(fdset_lhs(deps, a), fdset_lhs(deps, b), deps->nwords);
	if (c != 0)
		return c;
	return fdset_attrs_cmp(fdset_rhs(deps, a), fdset_rhs(deps, b),
						   deps->nwords);
}

static int
deps_lhs_cmp(const void *ctx, int a, int b)
{
	const FdsetDeps *deps = ctx;

	return fdset_attrs_cmp(fdset_lhs(deps, a), fdset_lhs(deps, b),
						   deps->nwords);
}

static int
sets_index_cmp(const void *ctx, int a, int b)
{
	const FdsetSets *sets = ctx;

	return fdset_attrs_cmp(fdset_set(sets, a), fdset_set(sets, b),
						   sets->nwords);
}

/*
 * deps_sorted
 *
 * A new list holding deps sorted by (lhs, rhs), exact duplicates
 * dropped, or, with group set, sorted by lhs with the right sides of
 * equal left sides merged.
 */
static FdsetStatus
deps_sorted(FdsetEnv *env, const FdsetDeps *deps, bool group, FdsetDeps **out)
{
	FdsetDeps  *res = NULL;
	int		   *idx;
	FdsetStatus st;

	*out = NULL;
	idx = mem_alloc(env, (size_t) deps->nfds * sizeof(int));
	if (idx == NULL)
		return FDSET_ERR_NOMEM;
	for (int i = 0; i < deps->nfds; i++)
		idx[i] = i;
	st = sort_indices(env, idx, deps->nfds,
					  group ? deps_lhs_cmp : deps_index_cmp, deps);
	if (st == FDSET_OK)
		st = fdset_deps_create(env, deps->natts, &res);
	for (int i = 0; st == FDSET_OK && i < deps->nfds; i++)
	{
		const FdsetWord *l = fdset_lhs(deps, idx[i]);
		const FdsetWord *r = fdset_rhs(deps, idx[i]);
		int			last = res->nfds - 1;

		if (last >= 0 &&
			fdset_attrs_equal(fdset_lhs(res, last), l, deps->nwords))
		{
			if (group)
			{
				fdset_attrs_union(fdset_rhs(res, last), r, deps->nwords);
				continue;
			}
			if (fdset_attrs_equal(fdset_rhs(res, last), r, deps->nwords))
				continue;
		}
		st = deps_push(env, res, l, r);
	}
	mem_free(env, idx);
	if (st != FDSET_OK)
	{
		fdset_deps_free(env, res);
		return st;
	}
	*out = res;
	return FDSET_OK;
}

/* sort a set list in place by fdset_attrs_cmp() */
static FdsetStatus
sets_sort(FdsetEnv *env, FdsetSets *sets)
{
	int		   *idx;
	FdsetWord  *words;
	FdsetStatus st;
	int			nw = sets->nwords;

	if (sets->nsets < 2)
		return FDSET_OK;
	idx = mem_alloc(env, (size_t) sets->nsets * sizeof(int));
	if (idx == NULL)
		return FDSET_ERR_NOMEM;
	for (int i = 0; i < sets->nsets; i++)
		idx[i] = i;
	st = sort_indices(env, idx, sets->nsets, sets_index_cmp, sets);
	if (st != FDSET_OK)
	{
		mem_free(env, idx);
		return st;
	}
	words = mem_alloc(env, (size_t) sets->capacity * nw * WORD_BYTES);
	if (words == NULL)
	{
		mem_free(env, idx);
		return FDSET_ERR_NOMEM;
	}
	for (int i = 0; i < sets->nsets; i++)
		fdset_attrs_copy(words + (size_t) i * nw, fdset_set(sets, idx[i]), nw);
	mem_free(env, sets->words);
	sets->words = words;
	mem_free(env, idx);
	return FDSET_OK;
}


/* ---------------------------------------------------------------------
 * A small open-addressing hash set of indices into a FdsetSets, used to
 * recognise a set already listed in O(1).
 * ---------------------------------------------------------------------
 */

typedef struct SetHash
{
	int		   *slots;			/* index into sets, or -1 */
	int			mask;
} SetHash;

/* an empty table with room for about size_hint sets */
static FdsetStatus
sethash_init(FdsetEnv *env, SetHash *h, int size_hint)
{
	int			size = 64;

	while (size < 2 * size_hint)
		size *= 2;
	h->slots = mem_alloc(env, (size_t) size * sizeof(int));
	if (h->slots == NULL)
		return FDSET_ERR_NOMEM;
	for (int i = 0; i < size; i++)
		h->slots[i] = -1;
	h->mask = size - 1;
	return FDSET_OK;
}

/* the index of a set equal to s, or -1 */
static int
sethash_find(const SetHash *h, const FdsetSets *sets, const FdsetWord *s)
{
	int			nw = sets->nwords;
	int			i = (int) (fdset_attrs_hash(s, nw) & (uint64_t) h->mask);

	while (h->slots[i] >= 0)
	{
		if (fdset_attrs_equal(fdset_set(sets, h->slots[i]), s, nw))
			return h->slots[i];
		i = (i + 1) & h->mask;
	}
	return -1;
}

/* register sets[k]; keeps the load factor at most one half */
static FdsetStatus
sethash_insert(FdsetEnv *env, SetHash *h, const FdsetSets *sets, int k)
{
	int			nw = sets->nwords;
	int			i;

	if (2 * (sets->nsets + 1) > h->mask + 1)
	{
		SetHash		bigger;
		FdsetStatus st;

		if ((st = sethash_init(env, &bigger, h->mask + 1)) != FDSET_OK)
			return st;
		for (int j = 0; j <= h->mask; j++)
		{
			int			v = h->slots[j];

			if (v < 0)
				continue;
			i = (int) (fdset_attrs_hash(fdset_set(sets, v), nw) &
					   (uint64_t) bigger.mask);
			while (bigger.slots[i] >= 0)
				i = (i + 1) & bigger.mask;
			bigger.slots[i] = v;
		}
		mem_free(env, h->slots);
		*h = bigger;
	}
	i = (int) (fdset_attrs_hash(fdset_set(sets, k), nw) & (uint64_t) h->mask);
	while (h->slots[i] >= 0)
		i = (i + 1) & h->mask;
	h->slots[i] = k;
	return FDSET_OK;
}


/* ---------------------------------------------------------------------
 * Linear-time closure (Beeri and Bernstein)
 * ---------------------------------------------------------------------
 */

/*
 * fdset_closure_prepare
 *
 * Build the closure index of deps: for each dependency the size of its
 * left side and the list of its right-side attributes, for each attribute
 * the list of dependencies whose left side holds it.  Cost and size are
 * linear in the total size of deps plus natts.  The index keeps no
 * pointer into deps.  It owns scratch space, so one index serves one
 * closure at a time.  Free it with fdset_closure_free().
 */
FdsetStatus
fdset_closure_prepare(FdsetEnv *env, const FdsetDeps *deps,
					  FdsetClosure **out)
{
	FdsetClosure *cl;
	int			natts = deps->natts;
	int			nw = deps->nwords;
	int			nfds = deps->nfds;
	size_t		nlhs = 0;
	size_t		nrhs = 0;
	size_t		nints;
	size_t		bytes;
	int		   *p;

	*out = NULL;
	for (int i = 0; i < nfds; i++)
	{
		nlhs += fdset_attrs_count(fdset_lhs(deps, i), nw);
		nrhs += fdset_attrs_count(fdset_rhs(deps, i), nw);
	}

	/* one block: the struct, the scratch set, then every int array */
	nints = (size_t) nfds * 5 + 2 + (size_t) natts * 2 + 1 + nlhs + nrhs;
	bytes = sizeof(FdsetClosure) + (size_t) nw * WORD_BYTES +
		nints * sizeof(int) + (size_t) nfds;
	cl = mem_alloc(env, bytes);
	if (cl == NULL)
		return FDSET_ERR_NOMEM;
	cl->natts = natts;
	cl->nwords = nw;
	cl->nfds = nfds;
	cl->scratch = (FdsetWord *) (cl + 1);
	p = (int *) (cl->scratch + nw);
	cl->lhs_size = p;
	p += nfds;
	cl->counter = p;
	p += nfds;
	cl->empty_lhs = p;
	p += nfds;
	cl->rhs_start = p;
	p += nfds + 1;
	cl->att_start = p;
	p += natts + 1;
	cl->queue = p;
	p += natts;
	cl->att_fds = p;
	p += nlhs;
	cl->rhs_atts = p;
	p += nrhs;
	cl->disabled = (unsigned char *) p;
	memset(cl->disabled, 0, (size_t) nfds);

	/* count, per attribute, the left sides it appears in */
	for (int a = 0; a <= natts; a++)
		cl->att_start[a] = 0;
	cl->nempty = 0;
	cl->rhs_start[0] = 0;
	for (int i = 0; i < nfds; i++)
	{
		const FdsetWord *l = fdset_lhs(deps, i);
		const FdsetWord *r = fdset_rhs(deps, i);
		int			n = 0;
		int			k = cl->rhs_start[i];

		for (int a = fdset_attrs_next(l, nw, -1); a >= 0;
			 a = fdset_attrs_next(l, nw, a))
		{
			cl->att_start[a + 1]++;
			n++;
		}
		cl->lhs_size[i] = n;
		if (n == 0)
			cl->empty_lhs[cl->nempty++] = i;
		for (int a = fdset_attrs_next(r, nw, -1); a >= 0;
			 a = fdset_attrs_next(r, nw, a))
			cl->rhs_atts[k++] = a;
		cl->rhs_start[i + 1] = k;
	}

	/* prefix sums, then fill; queue doubles as the fill cursor */
	for (int a = 0; a < natts; a++)
		cl->att_start[a + 1] += cl->att_start[a];
	for (int a = 0; a < natts; a++)
		cl->queue[a] = cl->att_start[a];
	for (int i = 0; i < nfds; i++)
	{
		const FdsetWord *l = fdset_lhs(deps, i);

		for (int a = fdset_attrs_next(l, nw, -1); a >= 0;
			 a = fdset_attrs_next(l, nw, a))
			cl->att_fds[cl->queue[a]++] = i;
	}
	*out = cl;
	return FDSET_OK;
}

/* release a closure index; NULL is fine */
void
fdset_closure_free(FdsetEnv *env, FdsetClosure *cl)
{
	mem_free(env, cl);
}

/* ignore (or heed again) dependency i in later closures */
static inline void
closure_disable(FdsetClosure *cl, int i, bool off)
{
	cl->disabled[i] = off ? 1 : 0;
}

/*
 * closure_fire
 *
 * Add the right side of dependency f to out and queue what is new.
 * Returns true when that completes target.
 */
static inline bool
closure_fire(FdsetClosure *cl, int f, FdsetWord *out,
			 const FdsetWord *target, int *tail, int *missing)
{
	for (int j = cl->rhs_start[f]; j < cl->rhs_start[f + 1]; j++)
	{
		int			b = cl->rhs_atts[j];

		if (fdset_attrs_member(out, b))
			continue;
		fdset_attrs_add(out, b);
		cl->queue[(*tail)++] = b;
		if (target != NULL && fdset_attrs_member(target, b) &&
			--(*missing) == 0)
			return true;
	}
	return false;
}

/*
 * closure_run
 *
 * The counter algorithm.  out receives x+.  When target is not NULL the
 * run stops as soon as target lies inside the derived set, and the result
 * says whether that happened; out is then only a subset of x+.  Each
 * counter is decremented once per attribute of its left side and every
 * attribute is queued at most once, so the work is linear in the size of
 * the dependencies plus natts.
 */
static bool
closure_run(FdsetClosure *cl, const FdsetWord *x, FdsetWord *out,
			const FdsetWord *target)
{
	int			nw = cl->nwords;
	int			head = 0;
	int			tail = 0;
	int			missing = 0;

	fdset_attrs_copy(out, x, nw);
	if (target != NULL)
	{
		for (int w = 0; w < nw; w++)
			missing += word_popcount(target[w] & ~x[w]);
		if (missing == 0)
			return true;
	}
	memcpy(cl->counter, cl->lhs_size, (size_t) cl->nfds * sizeof(int));
	for (int a = fdset_attrs_next(x, nw, -1); a >= 0;
		 a = fdset_attrs_next(x, nw, a))
		cl->queue[tail++] = a;

	/* dependencies with an empty left side hold unconditionally */
	for (int k = 0; k < cl->nempty; k++)
	{
		int			f = cl->empty_lhs[k];

		if (!cl->disabled[f] &&
			closure_fire(cl, f, out, target, &tail, &missing))
			return true;
	}

	/* propagate each derived attribute to the left sides holding it */
	while (head < tail)
	{
		int			a = cl->queue[head++];

		for (int k = cl->att_start[a]; k < cl->att_start[a + 1]; k++)
		{
			int			f = cl->att_fds[k];

			if (--cl->counter[f] == 0 && !cl->disabled[f] &&
				closure_fire(cl, f, out, target, &tail, &missing))
				return true;
		}
	}
	return target == NULL || missing == 0;
}

/*
 * fdset_closure_compute
 *
 * out := x+ under the dependencies of cl.  out must not alias x.
 */
void
fdset_closure_compute(FdsetClosure *cl, const FdsetWord *x, FdsetWord *out)
{
	closure_run(cl, x, out, NULL);
}

/*
 * fdset_closure_reaches
 *
 * Is target a subset of x+?  Stops as soon as it is known.
 */
bool
fdset_closure_reaches(FdsetClosure *cl, const FdsetWord *x,
					  const FdsetWord *target)
{
	return closure_run(cl, x, cl->scratch, target);
}

/*
 * fdset_closure
 *
 * One-shot form: out := x+ under deps.  Use fdset_closure_prepare() when
 * computing many closures over the same dependencies.
 */
FdsetStatus
fdset_closure(FdsetEnv *env, const FdsetDeps *deps, const FdsetWord *x,
			  FdsetWord *out)
{
	FdsetClosure *cl;
	FdsetStatus st;

	if (!attrs_valid(x, deps->natts))
		return set_error(env, FDSET_ERR_INVALID,
						 "A set names an attribute outside the relation's %d attributes.",
						 deps->natts);
	if ((st = fdset_closure_prepare(env, deps, &cl)) != FDSET_OK)
		return st;
	fdset_closure_compute(cl, x, out);
	fdset_closure_free(env, cl);
	return FDSET_OK;
}

/*
 * fdset_implies
 *
 * Does deps imply lhs -> rhs, i.e. is rhs inside lhs+?
 */
FdsetStatus
fdset_implies(FdsetEnv *env, const FdsetDeps *deps, const FdsetWord *lhs,
			  const FdsetWord *rhs, bool *result)
{
	FdsetClosure *cl;
	FdsetStatus st;

	if (!attrs_valid(lhs, deps->natts) || !attrs_valid(rhs, deps->natts))
		return set_error(env, FDSET_ERR_INVALID,
						 "A set names an attribute outside the relation's %d attributes.",
						 deps->natts);
	if ((st = fdset_closure_prepare(env, deps, &cl)) != FDSET_OK)
		return st;
	*result = fdset_closure_reaches(cl, lhs, rhs);
	fdset_closure_free(env, cl);
	return FDSET_OK;
}

/* does every dependency of b follow from the index of a? */
static bool
implies_all(FdsetClosure *cl, const FdsetDeps *b)
{
	for (int i = 0; i < b->nfds; i++)
		if (!fdset_closure_reaches(cl, fdset_lhs(b, i), fdset_rhs(b, i)))
			return false;
	return true;
}

/*
 * fdset_equivalent
 *
 * Do a and b (over the same attributes) have the same closure, i.e. does
 * each imply every dependency of the other?
 */
FdsetStatus
fdset_equivalent(FdsetEnv *env, const FdsetDeps *a, const FdsetDeps *b,
				 bool *result)
{
	FdsetClosure *ca;
	FdsetClosure *cb;
	FdsetStatus st;

	if (a->natts != b->natts)
		return set_error(env, FDSET_ERR_INVALID,
						 "Dependency lists over %d and %d attributes cannot be compared.",
						 a->natts, b->natts);
	if ((st = fdset_closure_prepare(env, a, &ca)) != FDSET_OK)
		return st;
	if ((st = fdset_closure_prepare(env, b, &cb)) != FDSET_OK)
	{
		fdset_closure_free(env, ca);
		return st;
	}
	*result = implies_all(ca, b) && implies_all(cb, a);
	fdset_closure_free(env, ca);
	fdset_closure_free(env, cb);
	return FDSET_OK;
}


/* ---------------------------------------------------------------------
 * Canonical cover
 * ---------------------------------------------------------------------
 */

/*
 * fdset_canonical_cover
 *
 * A canonical (minimal) cover of deps: equivalent to deps, every right
 * side a single attribute, no left side with an extraneous attribute, no
 * dependency implied by the others.  Three passes:
 *
 * 1. Split right sides into single attributes, drop the trivial ones
 *	  (A in X), sort and drop duplicates.
 * 2. For each X -> A, drop each B of X (ascending) for which A is still
 *	  in (X - B)+.  The closure index is built once, before the pass: a
 *	  left side with an extraneous attribute removed yields a set that is
 *	  equivalent to the one before, so closures computed under the
 *	  original list stay correct throughout.
 * 3. Sort again (reduced left sides may coincide), then drop each X -> A,
 *	  in order, whose A is still in X+ without it and without those
 *	  dropped before.
 *
 * Sorting before passes 2 and 3 makes the result depend only on the set
 * of dependencies, never on the order the caller listed them in.  The
 * result is sorted by (lhs, rhs) with fdset_attrs_cmp(); it belongs to
 * the caller (fdset_deps_free()).
 */
FdsetStatus
fdset_canonical_cover(FdsetEnv *env, const FdsetDeps *deps, FdsetDeps **out)
{
	FdsetDeps  *split = NULL;
	FdsetDeps  *sorted = NULL;
	FdsetDeps  *reduced = NULL;
	FdsetDeps  *res = NULL;
	FdsetClosure *cl = NULL;
	FdsetWord  *x = NULL;
	int			nw = deps->nwords;
	FdsetStatus st;

	*out = NULL;

	/* pass 1: single-attribute right sides, trivial parts dropped */
	st = fdset_deps_create(env, deps->natts, &split);
	for (int i = 0; st == FDSET_OK && i < deps->nfds; i++)
	{
		const FdsetWord *l = fdset_lhs(deps, i);
		const FdsetWord *r = fdset_rhs(deps, i);

		for (int a = fdset_attrs_next(r, nw, -1); st == FDSET_OK && a >= 0;
			 a = fdset_attrs_next(r, nw, a))
			if (!fdset_attrs_member(l, a))
				st = deps_push_single(env, split, l, a);
	}
	if (st == FDSET_OK)
		st = deps_sorted(env, split, false, &sorted);

	/* pass 2: remove extraneous left-side attributes */
	if (st == FDSET_OK)
		st = fdset_closure_prepare(env, sorted, &cl);
	if (st == FDSET_OK && (x = mem_alloc(env, nw * WORD_BYTES)) == NULL)
		st = FDSET_ERR_NOMEM;
	for (int i = 0; st == FDSET_OK && i < sorted->nfds; i++)
	{
		FdsetWord  *l = fdset_lhs(sorted, i);

		if ((st = check_interrupt(env)) != FDSET_OK)
			break;
		fdset_attrs_copy(x, l, nw);
		for (int b = fdset_attrs_next(x, nw, -1); b >= 0;
			 b = fdset_attrs_next(x, nw, b))
		{
			fdset_attrs_del(l, b);
			if (!fdset_closure_reaches(cl, l, fdset_rhs(sorted, i)))
				fdset_attrs_add(l, b);
		}
	}
	fdset_closure_free(env, cl);
	cl = NULL;
	if (st == FDSET_OK)
		st = deps_sorted(env, sorted, false, &reduced);

	/* pass 3: remove dependencies implied by the rest */
	if (st == FDSET_OK)
		st = fdset_closure_prepare(env, reduced, &cl);
	for (int i = 0; st == FDSET_OK && i < reduced->nfds; i++)
	{
		if ((st = check_interrupt(env)) != FDSET_OK)
			break;
		closure_disable(cl, i, true);
		if (!fdset_closure_reaches(cl, fdset_lhs(reduced, i),
								   fdset_rhs(reduced, i)))
			closure_disable(cl, i, false);
	}
	if (st == FDSET_OK)
		st = fdset_deps_create(env, deps->natts, &res);
	for (int i = 0; st == FDSET_OK && i < reduced->nfds; i++)
		if (!cl->disabled[i])
			st = deps_push(env, res, fdset_lhs(reduced, i),
						   fdset_rhs(reduced, i));

	fdset_closure_free(env, cl);
	mem_free(env, x);
	fdset_deps_free(env, split);
	fdset_deps_free(env, sorted);
	fdset_deps_free(env, reduced);
	if (st != FDSET_OK)
	{
		fdset_deps_free(env, res);
		return st;
	}
	*out = res;
	return FDSET_OK;
}

/*
 * fdset_group_by_lhs
 *
 * deps with the right sides of equal left sides merged, sorted by left
 * side: the form to show a person ('course_id -> course_name,
 * instructor_name').  Trivial parts are kept as they are.
 */
FdsetStatus
fdset_group_by_lhs(FdsetEnv *env, const FdsetDeps *deps, FdsetDeps **out)
{
	return deps_sorted(env, deps, true, out);
}


/* ---------------------------------------------------------------------
 * Candidate keys
 * ---------------------------------------------------------------------
 */

/*
 * minimize_set
 *
 * Drop from s, highest attribute first, every attribute whose removal
 * keeps target inside s+.  The result is a minimal subset of s whose
 * closure holds target; trying high attribute numbers first keeps the
 * low ones, i.e. the columns that come first in the table.
 */
static void
minimize_set(FdsetClosure *cl, FdsetWord *s, const FdsetWord *target)
{
	for (int w = cl->nwords - 1; w >= 0; w--)
	{
		FdsetWord	bits = s[w];

		while (bits)
		{
			int			b = word_highest(bits);
			int			a = w * FDSET_WORD_BITS + b;

			bits &= ~((FdsetWord) 1 << b);
			fdset_attrs_del(s, a);
			if (!fdset_closure_reaches(cl, s, target))
				fdset_attrs_add(s, a);
		}
	}
}

/*
 * fdset_find_key
 *
 * One candidate key of the sub-relation "within": a minimal subset K of
 * within with within inside K+ (closure under deps).  Polynomial, unlike
 * the enumeration of all keys.  key must have room for the relation's
 * width.  With within = every attribute this is a key of the relation.
 */
FdsetStatus
fdset_find_key(FdsetEnv *env, const FdsetDeps *deps, const FdsetWord *within,
			   FdsetWord *key)
{
	FdsetClosure *cl;
	FdsetStatus st;

	if (!attrs_valid(within, deps->natts))
		return set_error(env, FDSET_ERR_INVALID,
						 "A set names an attribute outside the relation's %d attributes.",
						 deps->natts);
	if ((st = fdset_closure_prepare(env, deps, &cl)) != FDSET_OK)
		return st;
	fdset_attrs_copy(key, within, deps->nwords);
	minimize_set(cl, key, within);
	fdset_closure_free(env, cl);
	return FDSET_OK;
}

/*
 * keys_from_cover
 *
 * Lucchesi and Osborn's enumeration of all candidate keys.  Start from
 * one key, found by minimising the whole relation.  For every key K
 * found and every dependency X -> Y (left sides grouped, so that there
 * are as few as possible), S = X u (K - Y) is a superkey; if no key found
 * so far lies inside S, minimising S yields a new key.  Every key is
 * reached this way, and each key costs O(|deps| * #keys) subset tests
 * plus one minimisation, so the run is polynomial in the size of input
 * and output.  A hash of the keys found catches the frequent case where
 * S is itself a known key without scanning the list.
 *
 * The number of keys can be exponential in natts (n disjoint pairs
 * A <-> B give 2^n), hence env->max_keys: past it the enumeration stops
 * with FDSET_ERR_KEY_LIMIT.  Keys come out sorted by fdset_attrs_cmp().
 *
 * With universe not NULL the keys are those of that sub-relation, and
 * cover must then be a cover of the dependencies that hold on it (its
 * projection), every side inside universe.
 */
static FdsetStatus
keys_from_cover(FdsetEnv *env, const FdsetDeps *cover,
				const FdsetWord *universe, FdsetSets **out)
{
	FdsetDeps  *g = NULL;
	FdsetClosure *cl = NULL;
	FdsetSets  *keys = NULL;
	FdsetWord  *work = NULL;
	FdsetWord  *all;
	FdsetWord  *k;
	FdsetWord  *s;
	SetHash		hash = {NULL, 0};
	int			nw = cover->nwords;
	FdsetStatus st;

	*out = NULL;
	st = deps_sorted(env, cover, true, &g);
	if (st == FDSET_OK)
		st = fdset_closure_prepare(env, g, &cl);
	if (st == FDSET_OK && (work = mem_alloc(env, 3 * nw * WORD_BYTES)) == NULL)
		st = FDSET_ERR_NOMEM;
	if (st == FDSET_OK)
		st = fdset_sets_create(env, cover->natts, &keys);
	if (st == FDSET_OK)
		st = sethash_init(env, &hash, 64);
	if (st != FDSET_OK)
		goto done;
	all = work;
	k = work + nw;
	s = work + 2 * nw;

	/* the first key */
	if (universe != NULL)
		fdset_attrs_copy(all, universe, nw);
	else
		fdset_attrs_fill(all, cover->natts);
	fdset_attrs_copy(k, all, nw);
	minimize_set(cl, k, all);
	if ((st = sets_push(env, keys, k)) != FDSET_OK ||
		(st = sethash_insert(env, &hash, keys, 0)) != FDSET_OK)
		goto done;

	for (int i = 0; i < keys->nsets; i++)
	{
		if ((st = check_interrupt(env)) != FDSET_OK)
			goto done;

		/* copy: pushing below may move the list */
		fdset_attrs_copy(k, fdset_set(keys, i), nw);
		for (int f = 0; f < g->nfds; f++)
		{
			const FdsetWord *y = fdset_rhs(g, f);
			bool		covered = false;

			/* if Y misses K, S contains K: nothing new */
			if (!fdset_attrs_overlap(y, k, nw))
				continue;
			fdset_attrs_copy(s, k, nw);
			fdset_attrs_minus(s, y, nw);
			fdset_attrs_union(s, fdset_lhs(g, f), nw);
			if (sethash_find(&hash, keys, s) >= 0)
				continue;
			for (int j = 0; j < keys->nsets && !covered; j++)
				covered = fdset_attrs_subset(fdset_set(keys, j), s, nw);
			if (covered)
				continue;

			minimize_set(cl, s, all);
			if (keys->nsets >= cap_of(env->max_keys, FDSET_DEFAULT_MAX_KEYS))
			{
				st = set_error(env, FDSET_ERR_KEY_LIMIT,
							   "The relation has more than %d candidate keys.",
							   keys->nsets);
				goto done;
			}
			if ((st = sets_push(env, keys, s)) != FDSET_OK ||
				(st = sethash_insert(env, &hash, keys,
									 keys->nsets - 1)) != FDSET_OK)
				goto done;
		}
	}
	st = sets_sort(env, keys);

done:
	mem_free(env, hash.slots);
	mem_free(env, work);
	fdset_closure_free(env, cl);
	fdset_deps_free(env, g);
	if (st != FDSET_OK)
	{
		fdset_sets_free(env, keys);
		return st;
	}
	*out = keys;
	return FDSET_OK;
}

/*
 * fdset_candidate_keys
 *
 * Every candidate key of the relation under deps, sorted (smaller keys
 * first, then by attribute numbers).  At most env->max_keys of them, or
 * FDSET_ERR_KEY_LIMIT.  The list belongs to the caller.
 */
FdsetStatus
fdset_candidate_keys(FdsetEnv *env, const FdsetDeps *deps, FdsetSets **out)
{
	FdsetDeps  *cover;
	FdsetStatus st;

	*out = NULL;
	if ((st = fdset_canonical_cover(env, deps, &cover)) != FDSET_OK)
		return st;
	st = keys_from_cover(env, cover, NULL, out);
	fdset_deps_free(env, cover);
	return st;
}

/*
 * fdset_candidate_keys_within
 *
 * Every candidate key of the sub-relation rel (say, a relation of a
 * decomposition), sorted: the minimal subsets of rel whose closure
 * contains rel.  Projects deps onto rel first (fdset_project()), so it
 * can fail with FDSET_ERR_PROJECTION_LIMIT as well as
 * FDSET_ERR_KEY_LIMIT.  The SQL face uses the keys after the first as
 * UNIQUE constraints.
 */
FdsetStatus
fdset_candidate_keys_within(FdsetEnv *env, const FdsetDeps *deps,
							const FdsetWord *rel, FdsetSets **out)
{
	FdsetDeps  *proj;
	FdsetStatus st;

	*out = NULL;
	if ((st = fdset_project(env, deps, rel, &proj)) != FDSET_OK)
		return st;
	st = keys_from_cover(env, proj, rel, out);
	fdset_deps_free(env, proj);
	return st;
}

/*
 * fdset_prime_attrs
 *
 * out := the prime attributes, those that belong to some candidate key,
 * i.e. the union of keys.
 */
void
fdset_prime_attrs(const FdsetSets *keys, FdsetWord *out)
{
	fdset_attrs_clear(out, keys->nwords);
	for (int i = 0; i < keys->nsets; i++)
		fdset_attrs_union(out, fdset_set(keys, i), keys->nwords);
}


/* ---------------------------------------------------------------------
 * Normal forms
 * ---------------------------------------------------------------------
 */

/* append a finding, growing the kind and key arrays with the sides */
static FdsetStatus
vl_push(FdsetEnv *env, ViolationList *vl, int kind, int key,
		const FdsetWord *lhs, const FdsetWord *rhs)
{
	FdsetStatus st;

	if (vl->sides->nfds == vl->capacity)
	{
		int			cap = vl->capacity > 0 ? vl->capacity * 2 : 8;
		int		   *nk = mem_alloc(env, (size_t) cap * 2 * sizeof(int));

		if (nk == NULL)
			return FDSET_ERR_NOMEM;
		if (vl->capacity > 0)
		{
			memcpy(nk, vl->kind, (size_t) vl->capacity * sizeof(int));
			memcpy(nk + cap, vl->key, (size_t) vl->capacity * sizeof(int));
		}
		mem_free(env, vl->kind);
		vl->kind = nk;
		vl->key = nk + cap;
		vl->capacity = cap;
	}
	if ((st = deps_push(env, vl->sides, lhs, rhs)) != FDSET_OK)
		return st;
	vl->kind[vl->sides->nfds - 1] = kind;
	vl->key[vl->sides->nfds - 1] = key;
	return FDSET_OK;
}

/* findings in report order: kind, then lhs, then rhs */
static int
vl_index_cmp(const void *ctx, int a, int b)
{
	const ViolationList *vl = ctx;

	if (vl->kind[a] != vl->kind[b])
		return vl->kind[a] < vl->kind[b] ? -1 : 1;
	return deps_index_cmp(vl->sides, a, b);
}

/*
 * find_partial
 *
 * The 2NF test.  Second normal form (Elmasri and Navathe, general
 * definition): no non-prime attribute A depends on a proper subset of
 * ANY candidate key.  Closure is monotone, so if A depends on some
 * X ⊊ K it depends on K - {b} for each b in K - X; it is therefore enough
 * to look at the maximal proper subsets K - {b} of each key.  A non-prime
 * attribute is in no key, so it is never in K - {b} itself.
 *
 * For a readable report each finding is narrowed to a minimal
 * determinant X inside K - {b} (minimize_set against one dependent A),
 * and then lists every non-prime attribute in X+.  A determinant found
 * from two keys is reported once, against the first key (in key order)
 * that contains it properly.
 */
static FdsetStatus
find_partial(FdsetEnv *env, FdsetAnalysis *an, FdsetClosure *cl,
			 const FdsetWord *nonprime, FdsetWord *work, ViolationList *vl)
{
	int			nw = an->nwords;
	FdsetWord  *y = work;
	FdsetWord  *c = work + nw;
	FdsetWord  *x = work + 2 * nw;
	FdsetWord  *d = work + 3 * nw;
	FdsetWord  *t = work + 4 * nw;
	FdsetWord  *done = work + 5 * nw;
	FdsetStatus st;

	for (int ki = 0; ki < an->keys->nsets; ki++)
	{
		const FdsetWord *key = fdset_set(an->keys, ki);

		if ((st = check_interrupt(env)) != FDSET_OK)
			return st;
		for (int b = fdset_attrs_next(key, nw, -1); b >= 0;
			 b = fdset_attrs_next(key, nw, b))
		{
			if ((st = check_interrupt(env)) != FDSET_OK)
				return st;
			fdset_attrs_copy(y, key, nw);
			fdset_attrs_del(y, b);
			fdset_closure_compute(cl, y, c);
			fdset_attrs_intersect(c, nonprime, nw);
			fdset_attrs_clear(done, nw);

			for (int a = fdset_attrs_next(c, nw, -1); a >= 0;
				 a = fdset_attrs_next(c, nw, a))
			{
				bool		seen = false;
				int			owner = -1;

				if (fdset_attrs_member(done, a))
					continue;

				/* a minimal determinant of a inside K - {b} */
				fdset_attrs_copy(x, y, nw);
				fdset_attrs_clear(t, nw);
				fdset_attrs_add(t, a);
				minimize_set(cl, x, t);
				fdset_closure_compute(cl, x, d);
				fdset_attrs_intersect(d, nonprime, nw);
				fdset_attrs_union(done, d, nw);

				for (int v = 0; v < vl->sides->nfds && !seen; v++)
					seen = vl->kind[v] == FDSET_PARTIAL &&
						fdset_attrs_equal(fdset_lhs(vl->sides, v), x, nw);
				if (seen)
					continue;
				for (int kj = 0; kj < an->keys->nsets && owner < 0; kj++)
				{
					const FdsetWord *k2 = fdset_set(an->keys, kj);

					if (fdset_attrs_subset(x, k2, nw) &&
						!fdset_attrs_equal(x, k2, nw))
						owner = kj;
				}
				if ((st = vl_push(env, vl, FDSET_PARTIAL, owner, x, d)) !=
					FDSET_OK)
					return st;
			}
		}
	}
	return FDSET_OK;
}

/*
 * fdset_analyze
 *
 * Canonical cover, candidate keys, prime attributes, the findings of the
 * 2NF, 3NF and BCNF tests and the highest normal form reached (1NF is
 * taken as given; the SQL face checks it).  The analysis belongs to the
 * caller: fdset_analysis_free().  Fails with FDSET_ERR_KEY_LIMIT when
 * the keys cannot all be listed, since primality, and so 2NF and 3NF,
 * depend on every key.
 *
 * The definitions used (Elmasri and Navathe, general forms over every
 * candidate key, not only the primary key):
 *
 *	 2NF: no non-prime attribute depends on a proper subset of any
 *		  candidate key (see find_partial()).
 *	 3NF: for every non-trivial X -> A in the closure, X is a superkey
 *		  or A is prime.
 *	 BCNF: for every non-trivial X -> A in the closure, X is a superkey.
 *
 * 3NF and BCNF speak of the closure, yet checking each X -> A of the
 * canonical cover is enough.  Suppose a non-trivial X -> A of the
 * closure breaks the rule.  Compute X+ with the cover: the dependency
 * Y -> A that first adds A has A not in Y and Y inside X+; were Y a
 * superkey, X+ would contain Y+ = every attribute and X would be one.
 * So Y -> A is a cover dependency that breaks the rule as well (for
 * BCNF: Y is no superkey; for 3NF: besides, A is the same non-prime
 * attribute).  This holds for the relation as a whole, not for a
 * projection onto a subset, which is why decomposition projects first.
 *
 * A transitive dependency is reported for a cover dependency X -> A that
 * breaks 3NF while X lies inside no candidate key (otherwise it is a
 * partial dependency, reported under 2NF): then key -> X -> A with X not
 * determining the key.  Findings with the same determinant are merged.
 */
FdsetStatus
fdset_analyze(FdsetEnv *env, const FdsetDeps *deps, FdsetAnalysis **out)
{
	FdsetAnalysis *an;
	FdsetClosure *cl = NULL;
	FdsetWord  *work = NULL;
	FdsetWord  *all = NULL;
	FdsetWord  *nonprime = NULL;
	ViolationList vl = {NULL, NULL, NULL, 0};
	int		   *order = NULL;
	int			nw = deps->nwords;
	int			last_bcnf = -1;
	int			last_trans = -1;
	int			prev_superkey = -1;
	bool		breaks_2nf = false;
	bool		breaks_3nf = false;
	bool		breaks_bcnf = false;
	FdsetStatus st;

	*out = NULL;
	an = mem_alloc0(env, sizeof(FdsetAnalysis));
	if (an == NULL)
		return FDSET_ERR_NOMEM;
	an->natts = deps->natts;
	an->nwords = nw;

	st = fdset_canonical_cover(env, deps, &an->cover);
	if (st == FDSET_OK)
		st = keys_from_cover(env, an->cover, NULL, &an->keys);
	if (st == FDSET_OK &&
		(an->prime = mem_alloc(env, nw * WORD_BYTES)) == NULL)
		st = FDSET_ERR_NOMEM;
	if (st == FDSET_OK && (work = mem_alloc(env, 8 * nw * WORD_BYTES)) == NULL)
		st = FDSET_ERR_NOMEM;
	if (st == FDSET_OK)
		st = fdset_closure_prepare(env, an->cover, &cl);
	if (st == FDSET_OK)
		st = fdset_deps_create(env, deps->natts, &vl.sides);
	if (st != FDSET_OK)
		goto done;

	fdset_prime_attrs(an->keys, an->prime);
	all = work + 6 * nw;
	nonprime = work + 7 * nw;
	fdset_attrs_fill(all, an->natts);
	fdset_attrs_copy(nonprime, all, nw);
	fdset_attrs_minus(nonprime, an->prime, nw);

	/* 2NF: partial dependencies on any candidate key */
	if ((st = find_partial(env, an, cl, nonprime, work, &vl)) != FDSET_OK)
		goto done;
	breaks_2nf = vl.sides->nfds > 0;

	/*
	 * 3NF and BCNF, one cover dependency X -> A at a time.  The cover is
	 * sorted by left side, so equal determinants are adjacent and merge
	 * into the finding just pushed.
	 */
	for (int i = 0; i < an->cover->nfds; i++)
	{
		const FdsetWord *x = fdset_lhs(an->cover, i);
		const FdsetWord *r = fdset_rhs(an->cover, i);
		int			a = attrs_single(r, nw);
		bool		superkey;

		if ((st = check_interrupt(env)) != FDSET_OK)
			goto done;
		if (prev_superkey >= 0 && i > 0 &&
			fdset_attrs_equal(x, fdset_lhs(an->cover, i - 1), nw))
			superkey = prev_superkey;
		else
			superkey = fdset_closure_reaches(cl, x, all);
		prev_superkey = superkey;

		/* BCNF: X must be a superkey */
		if (superkey)
			continue;
		breaks_bcnf = true;
		if (last_bcnf >= 0 &&
			fdset_attrs_equal(fdset_lhs(vl.sides, last_bcnf), x, nw))
			fdset_attrs_add(fdset_rhs(vl.sides, last_bcnf), a);
		else
		{
			if ((st = vl_push(env, &vl, FDSET_BCNF, -1, x, r)) != FDSET_OK)
				goto done;
			last_bcnf = vl.sides->nfds - 1;
		}

		/* 3NF: X a superkey (not so here) or A prime */
		if (fdset_attrs_member(an->prime, a))
			continue;
		breaks_3nf = true;

		/* inside a key: a partial dependency, reported above */
		{
			bool		in_key = false;

			for (int k = 0; k < an->keys->nsets && !in_key; k++)
				in_key = fdset_attrs_subset(x, fdset_set(an->keys, k), nw);
			if (in_key)
				continue;
		}
		if (last_trans >= 0 &&
			fdset_attrs_equal(fdset_lhs(vl.sides, last_trans), x, nw))
			fdset_attrs_add(fdset_rhs(vl.sides, last_trans), a);
		else
		{
			if ((st = vl_push(env, &vl, FDSET_TRANSITIVE, 0, x, r)) !=
				FDSET_OK)
				goto done;
			last_trans = vl.sides->nfds - 1;
		}
	}

	if (breaks_2nf)
		an->highest = FDSET_NF_1;
	else if (breaks_3nf)
		an->highest = FDSET_NF_2;
	else if (breaks_bcnf)
		an->highest = FDSET_NF_3;
	else
		an->highest = FDSET_NF_BCNF;

	/* copy the findings out in a fixed order: kind, lhs, rhs */
	an->nviolations = vl.sides->nfds;
	order = mem_alloc(env, (size_t) an->nviolations * sizeof(int));
	an->violations = mem_alloc0(env, (size_t) an->nviolations *
								sizeof(FdsetViolation));
	an->storage = mem_alloc(env, (size_t) an->nviolations * 2 * nw *
							WORD_BYTES);
	if (order == NULL || an->violations == NULL || an->storage == NULL)
	{
		st = FDSET_ERR_NOMEM;
		goto done;
	}
	for (int i = 0; i < an->nviolations; i++)
		order[i] = i;
	if ((st = sort_indices(env, order, an->nviolations, vl_index_cmp,
						   &vl)) != FDSET_OK)
		goto done;
	for (int i = 0; i < an->nviolations; i++)
	{
		FdsetViolation *v = &an->violations[i];
		int			j = order[i];

		v->kind = (FdsetViolationKind) vl.kind[j];
		v->key = vl.key[j];
		v->lhs = an->storage + (size_t) 2 * i * nw;
		v->rhs = v->lhs + nw;
		fdset_attrs_copy(v->lhs, fdset_lhs(vl.sides, j), nw);
		fdset_attrs_copy(v->rhs, fdset_rhs(vl.sides, j), nw);
		v->rhs_prime = fdset_attrs_subset(v->rhs, an->prime, nw);
	}

done:
	mem_free(env, order);
	mem_free(env, vl.kind);
	fdset_deps_free(env, vl.sides);
	fdset_closure_free(env, cl);
	mem_free(env, work);
	if (st != FDSET_OK)
	{
		fdset_analysis_free(env, an);
		return st;
	}
	*out = an;
	return FDSET_OK;
}

/* release an analysis and everything it points to; NULL is fine */
void
fdset_analysis_free(FdsetEnv *env, FdsetAnalysis *an)
{
	if (an == NULL)
		return;
	fdset_deps_free(env, an->cover);
	fdset_sets_free(env, an->keys);
	mem_free(env, an->prime);
	mem_free(env, an->violations);
	mem_free(env, an->storage);
	mem_free(env, an);
}

/*
 * fdset_normal_form_name
 *
 * "1NF", "2NF", "3NF" or "BCNF".
 */
const char *
fdset_normal_form_name(FdsetNormalForm nf)
{
	switch (nf)
	{
		case FDSET_NF_1:
			return "1NF";
		case FDSET_NF_2:
			return "2NF";
		case FDSET_NF_3:
			return "3NF";
		case FDSET_NF_BCNF:
			return "BCNF";
	}
	return "?";
}


/* ---------------------------------------------------------------------
 * Projection
 * ---------------------------------------------------------------------
 */

/* order by (rhs, lhs), for prune_subsumed() */
static int
deps_rhs_first_cmp(const void *ctx, int a, int b)
{
	const FdsetDeps *deps = ctx;
	int			c;

	c = fdset_attrs_cmp(fdset_rhs(deps, a), fdset_rhs(deps, b), deps->nwords);
	if (c != 0)
		return c;
	return fdset_attrs_cmp(fdset_lhs(deps, a), fdset_lhs(deps, b),
						   deps->nwords);
}

/*
 * prune_subsumed
 *
 * Of single-attribute dependencies X -> A, keep those whose left side
 * contains no other left side with the same A (X' -> A with X' inside X
 * makes X -> A redundant).  Sorting by (A, |X|, X) puts every possible
 * subsumer before the dependencies it subsumes.
 */
static FdsetStatus
prune_subsumed(FdsetEnv *env, const FdsetDeps *deps, FdsetDeps **out)
{
	FdsetDeps  *res = NULL;
	int		   *idx;
	int			nw = deps->nwords;
	int			group = 0;
	FdsetStatus st;

	*out = NULL;
	idx = mem_alloc(env, (size_t) deps->nfds * sizeof(int));
	if (idx == NULL)
		return FDSET_ERR_NOMEM;
	for (int i = 0; i < deps->nfds; i++)
		idx[i] = i;
	st = sort_indices(env, idx, deps->nfds, deps_rhs_first_cmp, deps);
	if (st == FDSET_OK)
		st = fdset_deps_create(env, deps->natts, &res);
	for (int i = 0; st == FDSET_OK && i < deps->nfds; i++)
	{
		const FdsetWord *l = fdset_lhs(deps, idx[i]);
		const FdsetWord *r = fdset_rhs(deps, idx[i]);
		bool		subsumed = false;

		/* res[group ..] are the kept dependencies with this right side */
		if (group < res->nfds &&
			!fdset_attrs_equal(fdset_rhs(res, group), r, nw))
			group = res->nfds;
		for (int j = group; j < res->nfds && !subsumed; j++)
			subsumed = fdset_attrs_subset(fdset_lhs(res, j), l, nw);
		if (!subsumed)
			st = deps_push(env, res, l, r);
	}
	mem_free(env, idx);
	if (st != FDSET_OK)
	{
		fdset_deps_free(env, res);
		return st;
	}
	*out = res;
	return FDSET_OK;
}

/*
 * fdset_project
 *
 * A canonical cover of the projection of deps onto the attributes
 * "onto": every X -> A implied by deps with X and A inside onto.  The
 * result keeps the relation's width and numbering.
 *
 * Method: eliminate the attributes outside onto one at a time by
 * resolution (Gottlob's "reduction by resolution"): to drop B, replace
 * the dependencies mentioning B by the resolvents X u (V - B) -> A of
 * every pair X -> B, V -> A with B in V.  Read as Horn clauses this is
 * variable elimination, which keeps exactly the consequences that do not
 * mention B.  After each step, dependencies whose left side contains
 * another's with the same right side are dropped.  The attribute with
 * the fewest resolvents goes first (ties: lowest number).
 *
 * Cost: a projection can need exponentially many dependencies (there are
 * relations whose projections have no cover smaller than 2^(n/2)), so
 * the number of dependencies alive at once is capped by
 * env->max_projection_fds; past it the call fails with
 * FDSET_ERR_PROJECTION_LIMIT.  Each elimination step costs
 * O(m^2 * nwords) for m live dependencies.  Typical schemas project in
 * microseconds.
 */
FdsetStatus
fdset_project(FdsetEnv *env, const FdsetDeps *deps, const FdsetWord *onto,
			  FdsetDeps **out)
{
	FdsetDeps  *cur = NULL;
	FdsetDeps  *next = NULL;
	FdsetDeps  *res = NULL;
	FdsetWord  *work = NULL;
	FdsetWord  *elim;
	FdsetWord  *l;
	int		   *count = NULL;
	int			natts = deps->natts;
	int			nw = deps->nwords;
	FdsetStatus st;

	*out = NULL;
	if (!attrs_valid(onto, natts))
		return set_error(env, FDSET_ERR_INVALID,
						 "A set names an attribute outside the relation's %d attributes.",
						 natts);
	st = fdset_canonical_cover(env, deps, &cur);
	if (st == FDSET_OK && (work = mem_alloc(env, 2 * nw * WORD_BYTES)) == NULL)
		st = FDSET_ERR_NOMEM;
	if (st == FDSET_OK &&
		(count = mem_alloc(env, (2 * (size_t) natts + 1) * sizeof(int))) ==
		NULL)
		st = FDSET_ERR_NOMEM;
	if (st != FDSET_OK)
		goto done;
	elim = work;
	l = work + nw;
	fdset_attrs_fill(elim, natts);
	fdset_attrs_minus(elim, onto, nw);

	while (!fdset_attrs_is_empty(elim, nw))
	{
		int		   *pos = count;
		int		   *neg = count + natts;
		int			best = -1;
		int64_t		best_cost = 0;

		if ((st = check_interrupt(env)) != FDSET_OK)
			goto done;

		/* pick the attribute whose elimination makes fewest resolvents */
		memset(count, 0, (size_t) 2 * natts * sizeof(int));
		for (int f = 0; f < cur->nfds; f++)
		{
			const FdsetWord *x = fdset_lhs(cur, f);

			pos[attrs_single(fdset_rhs(cur, f), nw)]++;
			for (int a = fdset_attrs_next(x, nw, -1); a >= 0;
				 a = fdset_attrs_next(x, nw, a))
				neg[a]++;
		}
		for (int b = fdset_attrs_next(elim, nw, -1); b >= 0;
			 b = fdset_attrs_next(elim, nw, b))
		{
			int64_t		cost = (int64_t) pos[b] * neg[b];

			if (best < 0 || cost < best_cost)
			{
				best = b;
				best_cost = cost;
			}
		}

		/* keep what does not mention it, add the resolvents */
		if ((st = fdset_deps_create(env, natts, &next)) != FDSET_OK)
			goto done;
		for (int f = 0; f < cur->nfds && st == FDSET_OK; f++)
			if (attrs_single(fdset_rhs(cur, f), nw) != best &&
				!fdset_attrs_member(fdset_lhs(cur, f), best))
				st = deps_push(env, next, fdset_lhs(cur, f),
							   fdset_rhs(cur, f));
		for (int p = 0; p < cur->nfds && st == FDSET_OK; p++)
		{
			if (attrs_single(fdset_rhs(cur, p), nw) != best)
				continue;
			if ((st = check_interrupt(env)) != FDSET_OK)
				break;
			for (int q = 0; q < cur->nfds && st == FDSET_OK; q++)
			{
				int			a = attrs_single(fdset_rhs(cur, q), nw);

				if (!fdset_attrs_member(fdset_lhs(cur, q), best))
					continue;
				fdset_attrs_copy(l, fdset_lhs(cur, q), nw);
				fdset_attrs_del(l, best);
				fdset_attrs_union(l, fdset_lhs(cur, p), nw);
				if (fdset_attrs_member(l, a))
					continue;
				if (next->nfds >= cap_of(env->max_projection_fds,
										 FDSET_DEFAULT_MAX_PROJECTION_FDS))
					st = set_error(env, FDSET_ERR_PROJECTION_LIMIT,
								   "Projecting the dependencies onto %d attributes needs more than %d dependencies at once.",
								   fdset_attrs_count(onto, nw), next->nfds);
				else
					st = deps_push_single(env, next, l, a);
			}
		}
		if (st != FDSET_OK)
			goto done;
		fdset_deps_free(env, cur);
		cur = NULL;
		st = prune_subsumed(env, next, &cur);
		fdset_deps_free(env, next);
		next = NULL;
		if (st != FDSET_OK)
			goto done;
		fdset_attrs_del(elim, best);
	}
	st = fdset_canonical_cover(env, cur, &res);

done:
	mem_free(env, count);
	mem_free(env, work);
	fdset_deps_free(env, next);
	fdset_deps_free(env, cur);
	if (st != FDSET_OK)
		return st;
	*out = res;
	return FDSET_OK;
}

/*
 * fdset_deps_within
 *
 * The dependencies of deps that a relation with attributes rel can
 * enforce by itself as written: each X -> Y with X inside rel becomes
 * X -> (Y n rel) - X, and is left out when that is empty.  Unlike
 * fdset_project() this is cheap and shows the dependencies as given;
 * it does not derive new ones.
 */
FdsetStatus
fdset_deps_within(FdsetEnv *env, const FdsetDeps *deps, const FdsetWord *rel,
				  FdsetDeps **out)
{
	FdsetDeps  *res;
	FdsetWord  *r;
	int			nw = deps->nwords;
	FdsetStatus st;

	*out = NULL;
	if (!attrs_valid(rel, deps->natts))
		return set_error(env, FDSET_ERR_INVALID,
						 "A set names an attribute outside the relation's %d attributes.",
						 deps->natts);
	if ((st = fdset_deps_create(env, deps->natts, &res)) != FDSET_OK)
		return st;
	if ((r = mem_alloc(env, nw * WORD_BYTES)) == NULL)
	{
		fdset_deps_free(env, res);
		return FDSET_ERR_NOMEM;
	}
	for (int i = 0; i < deps->nfds && st == FDSET_OK; i++)
	{
		const FdsetWord *x = fdset_lhs(deps, i);

		if (!fdset_attrs_subset(x, rel, nw))
			continue;
		fdset_attrs_copy(r, fdset_rhs(deps, i), nw);
		fdset_attrs_intersect(r, rel, nw);
		fdset_attrs_minus(r, x, nw);
		if (!fdset_attrs_is_empty(r, nw))
			st = deps_push(env, res, x, r);
	}
	mem_free(env, r);
	if (st != FDSET_OK)
	{
		fdset_deps_free(env, res);
		return st;
	}
	*out = res;
	return FDSET_OK;
}


/* ---------------------------------------------------------------------
 * Dependency preservation and losslessness
 * ---------------------------------------------------------------------
 */

/* refuse relations of another width or with stray attributes */
static FdsetStatus
check_rels(FdsetEnv *env, const FdsetDeps *deps, const FdsetSets *rels)
{
	if (rels->natts != deps->natts)
		return set_error(env, FDSET_ERR_INVALID,
						 "The decomposition is over %d attributes, the dependencies over %d.",
						 rels->natts, deps->natts);
	for (int i = 0; i < rels->nsets; i++)
		if (!attrs_valid(fdset_set(rels, i), rels->natts))
			return set_error(env, FDSET_ERR_INVALID,
							 "A relation names an attribute outside the %d attributes.",
							 rels->natts);
	return FDSET_OK;
}

/*
 * fdset_not_preserved
 *
 * The dependencies of deps that the decomposition rels does not
 * preserve: X -> Y is preserved when the projections of deps onto the
 * relations, taken together, imply it.  Tested without computing any
 * projection (Beeri and Honeyman): grow Z from X by
 * Z := Z u ((Z n Ri)+ n Ri) over every relation Ri until nothing
 * changes; X -> Y is preserved exactly when Y lies inside Z.  Each lost
 * X -> Y is reported as X -> (the part of Y not reached).  Polynomial:
 * at most natts rounds of one closure per relation.
 */
FdsetStatus
fdset_not_preserved(FdsetEnv *env, const FdsetDeps *deps,
					const FdsetSets *rels, FdsetDeps **out)
{
	FdsetClosure *cl = NULL;
	FdsetDeps  *res = NULL;
	FdsetWord  *work = NULL;
	int			nw = deps->nwords;
	FdsetStatus st;

	*out = NULL;
	if ((st = check_rels(env, deps, rels)) != FDSET_OK)
		return st;
	st = fdset_closure_prepare(env, deps, &cl);
	if (st == FDSET_OK)
		st = fdset_deps_create(env, deps->natts, &res);
	if (st == FDSET_OK && (work = mem_alloc(env, 3 * nw * WORD_BYTES)) == NULL)
		st = FDSET_ERR_NOMEM;
	for (int f = 0; f < deps->nfds && st == FDSET_OK; f++)
	{
		FdsetWord  *z = work;
		FdsetWord  *t = work + nw;
		FdsetWord  *tc = work + 2 * nw;
		const FdsetWord *y = fdset_rhs(deps, f);
		bool		changed = true;

		if ((st = check_interrupt(env)) != FDSET_OK)
			break;
		fdset_attrs_copy(z, fdset_lhs(deps, f), nw);
		while (changed && !fdset_attrs_subset(y, z, nw))
		{
			changed = false;
			for (int i = 0; i < rels->nsets; i++)
			{
				const FdsetWord *r = fdset_set(rels, i);

				fdset_attrs_copy(t, z, nw);
				fdset_attrs_intersect(t, r, nw);
				fdset_closure_compute(cl, t, tc);
				fdset_attrs_intersect(tc, r, nw);
				if (!fdset_attrs_subset(tc, z, nw))
				{
					fdset_attrs_union(z, tc, nw);
					changed = true;
				}
			}
		}
		if (!fdset_attrs_subset(y, z, nw))
		{
			fdset_attrs_copy(t, y, nw);
			fdset_attrs_minus(t, z, nw);
			st = deps_push(env, res, fdset_lhs(deps, f), t);
		}
	}
	mem_free(env, work);
	fdset_closure_free(env, cl);
	if (st != FDSET_OK)
	{
		fdset_deps_free(env, res);
		return st;
	}
	*out = res;
	return FDSET_OK;
}

/*
 * fdset_is_lossless
 *
 * The chase: is the natural join of the projections onto rels always the
 * original relation?  Build a tableau with a row per relation and a
 * column per attribute, holding the distinguished symbol 0 where the
 * relation has the attribute and a symbol of the row's own elsewhere.
 * For each X -> A of a canonical cover and each pair of rows that agree
 * on X, make their A symbols equal (to the smaller one, so 0 wins).
 * Repeat until nothing changes; the decomposition is lossless exactly
 * when some row has become all distinguished.  Each pass costs
 * O(|cover| * rows^2 * natts) and there are at most rows * natts passes
 * that change something.
 */
FdsetStatus
fdset_is_lossless(FdsetEnv *env, const FdsetDeps *deps, const FdsetSets *rels,
				  bool *result)
{
	FdsetDeps  *cover = NULL;
	int		   *val = NULL;
	int		   *lhs_atts = NULL;
	int		   *lhs_start = NULL;
	int			m = rels->nsets;
	int			n = deps->natts;
	int			nw = deps->nwords;
	FdsetStatus st;

	*result = false;
	if ((st = check_rels(env, deps, rels)) != FDSET_OK)
		return st;
	if (m == 0)
	{
		*result = (n == 0);
		return FDSET_OK;
	}
	if ((st = fdset_canonical_cover(env, deps, &cover)) != FDSET_OK)
		return st;
	val = mem_alloc(env, (size_t) m * n * sizeof(int));
	lhs_start = mem_alloc(env, (size_t) (cover->nfds + 1) * sizeof(int));
	lhs_atts = mem_alloc(env, ((size_t) cover->nfds * n + 1) * sizeof(int));
	if (val == NULL || lhs_start == NULL || lhs_atts == NULL)
	{
		st = FDSET_ERR_NOMEM;
		goto done;
	}

	/* left sides as attribute lists, to compare rows quickly */
	lhs_start[0] = 0;
	for (int f = 0; f < cover->nfds; f++)
	{
		const FdsetWord *x = fdset_lhs(cover, f);
		int			k = lhs_start[f];

		for (int a = fdset_attrs_next(x, nw, -1); a >= 0;
			 a = fdset_attrs_next(x, nw, a))
			lhs_atts[k++] = a;
		lhs_start[f + 1] = k;
	}
	for (int i = 0; i < m; i++)
	{
		const FdsetWord *rel = fdset_set(rels, i);

		for (int j = 0; j < n; j++)
			val[i * n + j] = fdset_attrs_member(rel, j) ? 0 : i + 1;
	}

	for (;;)
	{
		bool		changed = false;

		/* a row of distinguished symbols: lossless */
		for (int i = 0; i < m && !*result; i++)
		{
			bool		all = true;

			for (int j = 0; j < n && all; j++)
				all = val[i * n + j] == 0;
			*result = all;
		}
		if (*result)
			break;
		if ((st = check_interrupt(env)) != FDSET_OK)
			goto done;

		for (int f = 0; f < cover->nfds; f++)
		{
			int			a = attrs_single(fdset_rhs(cover, f), nw);

			for (int r1 = 0; r1 < m; r1++)
				for (int r2 = r1 + 1; r2 < m; r2++)
				{
					int			v1 = val[r1 * n + a];
					int			v2 = val[r2 * n + a];
					bool		agree = true;

					if (v1 == v2)
						continue;
					for (int k = lhs_start[f];
						 k < lhs_start[f + 1] && agree; k++)
						agree = val[r1 * n + lhs_atts[k]] ==
							val[r2 * n + lhs_atts[k]];
					if (!agree)
						continue;

					/* equate the two symbols everywhere in column a */
					{
						int			lo = v1 < v2 ? v1 : v2;
						int			hi = v1 < v2 ? v2 : v1;

						for (int r = 0; r < m; r++)
							if (val[r * n + a] == hi)
								val[r * n + a] = lo;
					}
					changed = true;
				}
		}
		if (!changed)
			break;
	}

done:
	mem_free(env, lhs_atts);
	mem_free(env, lhs_start);
	mem_free(env, val);
	fdset_deps_free(env, cover);
	if (st != FDSET_OK)
		*result = false;
	return st;
}


/* ---------------------------------------------------------------------
 * Decomposition
 * ---------------------------------------------------------------------
 */

/* release a decomposition; NULL is fine */
void
fdset_decomposition_free(FdsetEnv *env, FdsetDecomposition *dec)
{
	if (dec == NULL)
		return;
	fdset_sets_free(env, dec->rels);
	fdset_sets_free(env, dec->keys);
	fdset_deps_free(env, dec->lost);
	mem_free(env, dec);
}

/*
 * remove_subsumed
 *
 * Drop every relation whose attributes lie inside another's (of equal
 * relations, keep the first), with its key.  Dropping such a relation
 * loses nothing: its projection is a projection of the larger one, so
 * joins and enforceable dependencies stay as they were.
 */
static FdsetStatus
remove_subsumed(FdsetEnv *env, FdsetDecomposition *dec)
{
	FdsetSets  *rels = NULL;
	FdsetSets  *keys = NULL;
	const FdsetSets *old = dec->rels;
	int			nw = old->nwords;
	FdsetStatus st;

	st = fdset_sets_create(env, old->natts, &rels);
	if (st == FDSET_OK)
		st = fdset_sets_create(env, old->natts, &keys);
	for (int i = 0; i < old->nsets && st == FDSET_OK; i++)
	{
		const FdsetWord *ri = fdset_set(old, i);
		bool		drop = false;

		for (int j = 0; j < old->nsets && !drop; j++)
		{
			const FdsetWord *rj = fdset_set(old, j);

			if (j == i || !fdset_attrs_subset(ri, rj, nw))
				continue;
			drop = !fdset_attrs_equal(ri, rj, nw) || j < i;
		}
		if (drop)
			continue;
		st = sets_push(env, rels, ri);
		if (st == FDSET_OK)
			st = sets_push(env, keys, fdset_set(dec->keys, i));
	}
	if (st != FDSET_OK)
	{
		fdset_sets_free(env, rels);
		fdset_sets_free(env, keys);
		return st;
	}
	fdset_sets_free(env, dec->rels);
	fdset_sets_free(env, dec->keys);
	dec->rels = rels;
	dec->keys = keys;
	return FDSET_OK;
}

/* an empty decomposition; lost is filled in by the caller */
static FdsetStatus
decomposition_create(FdsetEnv *env, int natts, FdsetDecomposition **out)
{
	FdsetDecomposition *dec;
	FdsetStatus st;

	*out = NULL;
	dec = mem_alloc0(env, sizeof(FdsetDecomposition));
	if (dec == NULL)
		return FDSET_ERR_NOMEM;
	st = fdset_sets_create(env, natts, &dec->rels);
	if (st == FDSET_OK)
		st = fdset_sets_create(env, natts, &dec->keys);
	if (st != FDSET_OK)
	{
		fdset_decomposition_free(env, dec);
		return st;
	}
	*out = dec;
	return FDSET_OK;
}

/*
 * fdset_synthesize_3nf
 *
 * Bernstein's synthesis of 3NF relations (Bernstein, 1976; the textbook
 * form is Elmasri and Navathe's algorithm 15.4, which skips step 2):
 *
 * 1. Take a canonical cover and group it by left side.
 * 2. Merge the groups whose left sides are equivalent (X+ = Y+) into one
 *	  class.  The equivalences go into a set J (X1 -> X2 -> .. -> Xk ->
 *	  X1), a cover dependency X -> A whose A lies in another left side of
 *	  its class is dropped (J implies it), and then every remaining
 *	  dependency implied by the others together with J is dropped too.
 *	  Without this last step a merged relation could break 3NF.
 * 3. Each class becomes a relation: its left sides and the right sides
 *	  it kept, with the first left side as primary key (every left side
 *	  is a candidate key of it; fdset_candidate_keys_within() lists them).
 * 4. If no relation contains a candidate key of the whole relation, add
 *	  one that is a key (fdset_find_key() over all attributes).  This is
 *	  what makes the decomposition lossless.
 * 5. Drop relations contained in another.
 *
 * The kept dependencies and J are equivalent to the cover and each lies
 * inside one relation, so the result preserves dependencies; dec->lost
 * is computed all the same, by fdset_not_preserved(), and is empty.
 * Cyclic dependencies a -> b -> c -> a thus give one relation with keys
 * a, b and c, not three.
 */
FdsetStatus
fdset_synthesize_3nf(FdsetEnv *env, const FdsetDeps *deps,
					 FdsetDecomposition **out)
{
	FdsetDecomposition *dec = NULL;
	FdsetDeps  *cover = NULL;
	FdsetDeps  *g = NULL;
	FdsetDeps  *hj = NULL;
	FdsetClosure *cl = NULL;
	FdsetClosure *hcl = NULL;
	FdsetWord  *work = NULL;
	FdsetWord  *clos = NULL;
	int		   *cls = NULL;
	int		   *group_of = NULL;
	int			nw = deps->nwords;
	int			nh = 0;
	bool		has_key = false;
	FdsetStatus st;

	*out = NULL;
	st = fdset_canonical_cover(env, deps, &cover);
	if (st == FDSET_OK)
		st = deps_sorted(env, cover, true, &g);
	if (st == FDSET_OK)
		st = fdset_closure_prepare(env, cover, &cl);
	if (st == FDSET_OK)
		st = decomposition_create(env, deps->natts, &dec);
	if (st == FDSET_OK)
		st = fdset_deps_create(env, deps->natts, &hj);
	if (st == FDSET_OK)
	{
		size_t		ng = (size_t) g->nfds;

		work = mem_alloc(env, 3 * nw * WORD_BYTES);
		clos = mem_alloc(env, ng * nw * WORD_BYTES);
		cls = mem_alloc(env, (ng + 1) * sizeof(int));
		group_of = mem_alloc(env, ((size_t) cover->nfds + 1) * sizeof(int));
		if (!work || !clos || !cls || !group_of)
			st = FDSET_ERR_NOMEM;
	}
	if (st != FDSET_OK)
		goto done;

	/* step 2: classes of equivalent left sides; cls[f] is the first */
	for (int f = 0; f < g->nfds; f++)
	{
		FdsetWord  *cf = clos + (size_t) f * nw;

		fdset_closure_compute(cl, fdset_lhs(g, f), cf);
		cls[f] = f;
		for (int e = 0; e < f && cls[f] == f; e++)
			if (cls[e] == e &&
				fdset_attrs_equal(clos + (size_t) e * nw, cf, nw))
				cls[f] = e;
	}

	/* the cover minus what J implies, then J itself: X1 -> X2 .. Xk -> X1 */
	for (int i = 0, f = 0; i < cover->nfds && st == FDSET_OK; i++)
	{
		const FdsetWord *x = fdset_lhs(cover, i);
		int			a = attrs_single(fdset_rhs(cover, i), nw);
		bool		in_other = false;

		/* both lists are sorted by left side */
		while (!fdset_attrs_equal(fdset_lhs(g, f), x, nw))
			f++;
		for (int e = 0; e < g->nfds && !in_other; e++)
			in_other = e != f && cls[e] == cls[f] &&
				fdset_attrs_member(fdset_lhs(g, e), a);
		if (!in_other)
		{
			st = deps_push(env, hj, x, fdset_rhs(cover, i));
			group_of[nh++] = f;
		}
	}
	for (int f = 0; f < g->nfds && st == FDSET_OK; f++)
	{
		int			prev = f;

		if (cls[f] != f)
			continue;
		for (int e = f + 1; e < g->nfds && st == FDSET_OK; e++)
			if (cls[e] == f)
			{
				st = deps_push(env, hj, fdset_lhs(g, prev), fdset_lhs(g, e));
				prev = e;
			}
		if (prev != f && st == FDSET_OK)
			st = deps_push(env, hj, fdset_lhs(g, prev), fdset_lhs(g, f));
	}

	/* drop the kept dependencies that the rest, with J, implies */
	if (st == FDSET_OK)
		st = fdset_closure_prepare(env, hj, &hcl);
	for (int i = 0; i < nh && st == FDSET_OK; i++)
	{
		if ((st = check_interrupt(env)) != FDSET_OK)
			break;
		closure_disable(hcl, i, true);
		if (!fdset_closure_reaches(hcl, fdset_lhs(hj, i), fdset_rhs(hj, i)))
			closure_disable(hcl, i, false);
	}

	/* step 3: a relation per class */
	for (int f = 0; f < g->nfds && st == FDSET_OK; f++)
	{
		if (cls[f] != f)
			continue;
		fdset_attrs_clear(work, nw);
		for (int e = f; e < g->nfds; e++)
			if (cls[e] == f)
				fdset_attrs_union(work, fdset_lhs(g, e), nw);
		for (int i = 0; i < nh; i++)
			if (!hcl->disabled[i] && cls[group_of[i]] == f)
				fdset_attrs_union(work, fdset_rhs(hj, i), nw);
		st = sets_push(env, dec->rels, work);
		if (st == FDSET_OK)
			st = sets_push(env, dec->keys, fdset_lhs(g, f));
	}

	/* step 4: make sure some relation holds a key */
	fdset_attrs_fill(work + nw, deps->natts);
	for (int i = 0; i < dec->rels->nsets && !has_key && st == FDSET_OK; i++)
		has_key = fdset_closure_reaches(cl, fdset_set(dec->rels, i),
										work + nw);
	if (!has_key && st == FDSET_OK)
	{
		fdset_attrs_copy(work, work + nw, nw);
		minimize_set(cl, work, work + nw);
		st = sets_push(env, dec->rels, work);
		if (st == FDSET_OK)
			st = sets_push(env, dec->keys, work);
	}

	/* step 5: drop subsumed relations */
	if (st == FDSET_OK)
		st = remove_subsumed(env, dec);
	if (st == FDSET_OK)
		st = fdset_not_preserved(env, cover, dec->rels, &dec->lost);

done:
	mem_free(env, group_of);
	mem_free(env, cls);
	mem_free(env, clos);
	mem_free(env, work);
	fdset_closure_free(env, hcl);
	fdset_closure_free(env, cl);
	fdset_deps_free(env, hj);
	fdset_deps_free(env, g);
	fdset_deps_free(env, cover);
	if (st != FDSET_OK)
	{
		fdset_decomposition_free(env, dec);
		return st;
	}
	*out = dec;
	return FDSET_OK;
}

/*
 * bcnf_violation
 *
 * Look among the left sides of cands for an X inside rel whose closure,
 * cut to rel, is more than X but not all of rel: X -> (X+ n rel) is then
 * a BCNF violation in rel.  On success x holds X and c holds X+ n rel.
 */
static bool
bcnf_violation(FdsetClosure *cl, const FdsetDeps *cands, const FdsetWord *rel,
			   FdsetWord *x, FdsetWord *c)
{
	int			nw = cl->nwords;

	for (int f = 0; f < cands->nfds; f++)
	{
		const FdsetWord *l = fdset_lhs(cands, f);

		if (!fdset_attrs_subset(l, rel, nw))
			continue;
		fdset_closure_compute(cl, l, c);
		fdset_attrs_intersect(c, rel, nw);
		if (fdset_attrs_subset(rel, c, nw) || fdset_attrs_equal(c, l, nw))
			continue;
		fdset_attrs_copy(x, l, nw);
		return true;
	}
	return false;
}

/*
 * bcnf_pair_test
 *
 * A polynomial test on a sub-relation rel, after Tsou and Fischer: if
 * rel has a BCNF violation X -> A, pick B in rel outside X+; then X lies
 * in rel - {A, B}, so A is in (rel - {A, B})+.  Hence when no pair A, B
 * has that property, rel is in BCNF (result PAIR_BCNF).  When a pair has
 * it and B is outside (rel - {A, B})+, that set determines A without
 * being a superkey of rel: a violation.  So is any minimal determinant X
 * of A inside rel - {A} that is not a superkey of rel.  A violation comes
 * back narrowed to a minimal X in x, with c = X+ n rel (result
 * PAIR_VIOLATION).  Otherwise the test cannot tell (PAIR_UNKNOWN).
 * Attributes A outside (rel - {A})+ are skipped at once: no set inside
 * rel determines them.  Costs O(|rel|^2) closures; t and u are scratch.
 * The verdict goes to *result; the status is that of the interrupt.
 */
typedef enum PairResult
{
	PAIR_BCNF,
	PAIR_VIOLATION,
	PAIR_UNKNOWN
} PairResult;

static FdsetStatus
bcnf_pair_test(FdsetEnv *env, FdsetClosure *cl, const FdsetWord *rel,
			   FdsetWord *x, FdsetWord *c, FdsetWord *t, FdsetWord *u,
			   PairResult *result)
{
	int			nw = cl->nwords;
	FdsetStatus st;

	*result = PAIR_BCNF;
	for (int a = fdset_attrs_next(rel, nw, -1); a >= 0;
		 a = fdset_attrs_next(rel, nw, a))
	{
		if ((st = check_interrupt(env)) != FDSET_OK)
			return st;
		fdset_attrs_clear(u, nw);
		fdset_attrs_add(u, a);
		fdset_attrs_copy(x, rel, nw);
		fdset_attrs_del(x, a);
		if (!fdset_closure_reaches(cl, x, u))
			continue;

		/* a minimal determinant of A: a violation unless a superkey */
		minimize_set(cl, x, u);
		fdset_closure_compute(cl, x, c);
		fdset_attrs_intersect(c, rel, nw);
		if (!fdset_attrs_subset(rel, c, nw))
		{
			*result = PAIR_VIOLATION;
			return FDSET_OK;
		}

		for (int b = fdset_attrs_next(rel, nw, -1); b >= 0;
			 b = fdset_attrs_next(rel, nw, b))
		{
			if (b == a)
				continue;
			fdset_attrs_copy(t, rel, nw);
			fdset_attrs_del(t, a);
			fdset_attrs_del(t, b);
			fdset_closure_compute(cl, t, c);
			if (!fdset_attrs_member(c, a))
				continue;
			if (fdset_attrs_member(c, b))
			{
				*result = PAIR_UNKNOWN;
				continue;
			}
			fdset_attrs_copy(x, t, nw);
			minimize_set(cl, x, u);
			fdset_closure_compute(cl, x, c);
			fdset_attrs_intersect(c, rel, nw);
			*result = PAIR_VIOLATION;
			return FDSET_OK;
		}
	}
	return FDSET_OK;
}

/*
 * tsou_fischer_split
 *
 * The polynomial BCNF split of Tsou and Fischer, for the rare relation
 * whose projection is too large to compute: starting from y = rel, drop
 * B from y while some pair A, B in y has A in (y - {A, B})+.  When no
 * pair is left, y is in BCNF (see bcnf_pair_test()), and for the A of
 * the last pair y - {A} determines A, so rel splits losslessly into y
 * and rel - {A}.  Returns that A, or -1 when rel had no pair at all
 * (then rel itself is in BCNF).  The split may be finer than needed.
 * Costs O(|rel|^3) closures at most; t and u are scratch sets.
 */
static FdsetStatus
tsou_fischer_split(FdsetEnv *env, FdsetClosure *cl, const FdsetWord *rel,
				   FdsetWord *y, FdsetWord *t, FdsetWord *u, int *split_att)
{
	int			nw = cl->nwords;
	bool		dropped = true;
	FdsetStatus st;

	*split_att = -1;
	fdset_attrs_copy(y, rel, nw);
	while (dropped)
	{
		dropped = false;
		if ((st = check_interrupt(env)) != FDSET_OK)
			return st;
		for (int a = fdset_attrs_next(y, nw, -1); a >= 0 && !dropped;
			 a = fdset_attrs_next(y, nw, a))
		{
			if ((st = check_interrupt(env)) != FDSET_OK)
				return st;
			fdset_attrs_clear(u, nw);
			fdset_attrs_add(u, a);
			fdset_attrs_copy(t, y, nw);
			fdset_attrs_del(t, a);
			if (!fdset_closure_reaches(cl, t, u))
				continue;
			for (int b = fdset_attrs_next(y, nw, -1); b >= 0;
				 b = fdset_attrs_next(y, nw, b))
			{
				if (b == a)
					continue;
				fdset_attrs_copy(t, y, nw);
				fdset_attrs_del(t, a);
				fdset_attrs_del(t, b);
				if (fdset_closure_reaches(cl, t, u))
				{
					fdset_attrs_del(y, b);
					*split_att = a;
					dropped = true;
					break;
				}
			}
		}
	}
	return FDSET_OK;
}

/*
 * fdset_decompose_bcnf
 *
 * The classic BCNF decomposition (Elmasri and Navathe's algorithm 15.5):
 * start from the whole relation; while some relation R has a violation
 * X -> A (X inside R, not a superkey of R), replace R by X+ n R and by
 * R - (X+ n R - X).  Each split shares X, which determines the first
 * part, so the join is lossless; both parts are smaller, so it ends.
 * Relations are split in first-in first-out order.
 *
 * Finding a violation inside a sub-relation needs, in general, the
 * dependencies that hold on it, i.e. the projection, which can be
 * exponential.  So three cheaper tests come first: the left sides of the
 * cover that lie inside R; relations of two attributes or fewer, always
 * in BCNF; and bcnf_pair_test(), which settles most of the rest in
 * polynomial time.  Only what the pair test leaves open is checked
 * against fdset_project() onto R.  Should that projection exceed
 * env->max_projection_fds, R is split by tsou_fischer_split() instead,
 * which is polynomial and sound but may split more than needed; the
 * result then has dec->fallback set.  (Deciding whether a sub-relation
 * is in BCNF is coNP-complete, so no exact method avoids this trade.)
 *
 * Each resulting relation gets a candidate key (fdset_find_key() within
 * it) and dec->lost lists the cover dependencies the result does not
 * preserve; BCNF cannot always preserve them all (street, city -> zip;
 * zip -> city).
 */
FdsetStatus
fdset_decompose_bcnf(FdsetEnv *env, const FdsetDeps *deps,
					 FdsetDecomposition **out)
{
	FdsetDecomposition *dec = NULL;
	FdsetDeps  *cover = NULL;
	FdsetDeps  *g = NULL;
	FdsetSets  *queue = NULL;
	FdsetClosure *cl = NULL;
	FdsetWord  *work = NULL;
	FdsetWord  *all;
	FdsetWord  *r;
	FdsetWord  *x;
	FdsetWord  *c;
	FdsetWord  *t;
	FdsetWord  *u;
	int			nw = deps->nwords;
	FdsetStatus st;

	*out = NULL;
	st = fdset_canonical_cover(env, deps, &cover);
	if (st == FDSET_OK)
		st = deps_sorted(env, cover, true, &g);
	if (st == FDSET_OK)
		st = fdset_closure_prepare(env, cover, &cl);
	if (st == FDSET_OK)
		st = decomposition_create(env, deps->natts, &dec);
	if (st == FDSET_OK)
		st = fdset_sets_create(env, deps->natts, &queue);
	if (st == FDSET_OK && (work = mem_alloc(env, 6 * nw * WORD_BYTES)) == NULL)
		st = FDSET_ERR_NOMEM;
	if (st != FDSET_OK)
		goto done;
	all = work;
	r = work + nw;
	x = work + 2 * nw;
	c = work + 3 * nw;
	t = work + 4 * nw;
	u = work + 5 * nw;

	fdset_attrs_fill(all, deps->natts);
	if ((st = sets_push(env, queue, all)) != FDSET_OK)
		goto done;
	for (int h = 0; h < queue->nsets; h++)
	{
		bool		found;

		if ((st = check_interrupt(env)) != FDSET_OK)
			goto done;
		fdset_attrs_copy(r, fdset_set(queue, h), nw);
		found = bcnf_violation(cl, g, r, x, c);
		if (!found && !fdset_attrs_equal(r, all, nw) &&
			fdset_attrs_count(r, nw) > 2)
		{
			PairResult	pr;

			if ((st = bcnf_pair_test(env, cl, r, x, c, t, u, &pr)) !=
				FDSET_OK)
				goto done;
			found = pr == PAIR_VIOLATION;
			if (pr == PAIR_UNKNOWN)
			{
				FdsetDeps  *proj;
				int			a;

				st = fdset_project(env, cover, r, &proj);
				if (st == FDSET_OK)
				{
					found = bcnf_violation(cl, proj, r, x, c);
					fdset_deps_free(env, proj);
				}
				else if (st != FDSET_ERR_PROJECTION_LIMIT)
					goto done;
				else
				{
					/* too large to project: split without knowing */
					st = tsou_fischer_split(env, cl, r, c, t, u, &a);
					if (st != FDSET_OK)
						goto done;
					if (a >= 0)
					{
						dec->fallback = true;
						if ((st = sets_push(env, queue, c)) != FDSET_OK)
							goto done;
						fdset_attrs_del(r, a);
						if ((st = sets_push(env, queue, r)) != FDSET_OK)
							goto done;
						continue;
					}
				}
			}
		}
		if (!found)
		{
			if ((st = sets_push(env, dec->rels, r)) != FDSET_OK)
				goto done;
			continue;
		}

		/* split: X+ n R, and R without what X determines beyond X */
		if ((st = sets_push(env, queue, c)) != FDSET_OK)
			goto done;
		fdset_attrs_minus(c, x, nw);
		fdset_attrs_minus(r, c, nw);
		if ((st = sets_push(env, queue, r)) != FDSET_OK)
			goto done;
	}

	/* a key for each relation, then tidy up */
	for (int i = 0; i < dec->rels->nsets; i++)
	{
		fdset_attrs_copy(x, fdset_set(dec->rels, i), nw);
		minimize_set(cl, x, fdset_set(dec->rels, i));
		if ((st = sets_push(env, dec->keys, x)) != FDSET_OK)
			goto done;
	}
	if ((st = remove_subsumed(env, dec)) != FDSET_OK)
		goto done;
	st = fdset_not_preserved(env, cover, dec->rels, &dec->lost);

done:
	mem_free(env, work);
	fdset_sets_free(env, queue);
	fdset_closure_free(env, cl);
	fdset_deps_free(env, g);
	fdset_deps_free(env, cover);
	if (st != FDSET_OK)
	{
		fdset_decomposition_free(env, dec);
		return st;
	}
	*out = dec;
	return FDSET_OK;
}


/* ---------------------------------------------------------------------
 * Parsing the text form of a dependency
 * ---------------------------------------------------------------------
 */

typedef struct ParseState
{
	FdsetEnv   *env;
	const unsigned char *s;
	size_t		len;
	size_t		pos;
	char	   *buf;			/* the name being read, len + 1 bytes */
	int			blen;
	bool		truncated;
} ParseState;

static bool
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		c == '\f' || c == '\v';
}

/* the bytes an identifier may start with, as in PostgreSQL's scanner */
static bool
is_ident_start(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
		c >= 0x80;
}

static bool
is_ident_cont(unsigned char c)
{
	return is_ident_start(c) || (c >= '0' && c <= '9') || c == '$';
}

/* length of the arrow at pos: "->" or U+2192 in UTF-8, else 0 */
static int
arrow_at(const ParseState *ps, size_t pos)
{
	const unsigned char *s = ps->s;

	if (pos + 1 < ps->len && s[pos] == '-' && s[pos + 1] == '>')
		return 2;
	if (pos + 2 < ps->len && s[pos] == 0xE2 && s[pos + 1] == 0x86 &&
		s[pos + 2] == 0x92)
		return 3;
	return 0;
}

/* whitespace as PostgreSQL's scanner knows it */
static void
skip_space(ParseState *ps)
{
	while (ps->pos < ps->len && is_space(ps->s[ps->pos]))
		ps->pos++;
}

/*
 * char_position
 *
 * The 1-based character position of byte offset pos, counting UTF-8
 * characters the way PostgreSQL's error cursor does.
 */
static int
char_position(const ParseState *ps, size_t pos)
{
	int			n = 1;

	for (size_t i = 0; i < pos && i < ps->len; i++)
		if ((ps->s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

/* record a syntax error at byte pos, naming its character position */
static FdsetStatus
syntax_error(ParseState *ps, size_t pos, const char *what)
{
	ps->env->errpos = (int) pos;
	if (pos >= ps->len)
		return set_error(ps->env, FDSET_ERR_SYNTAX, "%s at end of input.",
						 what);
	return set_error(ps->env, FDSET_ERR_SYNTAX, "%s at character %d.", what,
					 char_position(ps, pos));
}

/*
 * utf8_cliplen
 *
 * The longest prefix of s[0 .. len-1] of at most limit bytes that does
 * not end inside a UTF-8 sequence.
 */
static int
utf8_cliplen(const char *s, int len, int limit)
{
	int			n;

	if (len <= limit)
		return len;
	n = limit;
	while (n > 0 && (((unsigned char) s[n]) & 0xC0) == 0x80)
		n--;
	/* not UTF-8 at all: cut at the byte limit rather than to nothing */
	return n > 0 ? n : limit;
}

/*
 * parse_name
 *
 * Read one column name at ps->pos into ps->buf.  Unquoted names follow
 * PostgreSQL: a letter, underscore or non-ASCII byte, then those, digits
 * and dollar signs, with ASCII letters folded to lower case; high-bit
 * bytes are folded by tolower() only when env->fold_high_bit says the
 * encoding is single-byte, as downcase_identifier() does.  A UTF-8
 * arrow ends a name even without spaces.  Quoted names keep their case
 * and spelling; "" stands for one double quote.  Names longer than
 * FDSET_NAME_MAX bytes are truncated, as PostgreSQL truncates
 * identifiers, without splitting a character; ps->truncated then
 * records it so that the caller can say so.  The U&"..." form of quoted
 * identifiers is not accepted.
 */
static FdsetStatus
parse_name(ParseState *ps)
{
	const unsigned char *s = ps->s;
	size_t		start = ps->pos;

	ps->blen = 0;
	if (ps->pos < ps->len && s[ps->pos] == '"')
	{
		ps->pos++;
		for (;;)
		{
			if (ps->pos >= ps->len)
			{
				ps->env->errpos = (int) start;
				return set_error(ps->env, FDSET_ERR_SYNTAX,
								 "Unterminated quoted identifier starting at character %d.",
								 char_position(ps, start));
			}
			if (s[ps->pos] == '\0')
				return syntax_error(ps, ps->pos, "Zero byte in identifier");
			if (s[ps->pos] == '"')
			{
				if (ps->pos + 1 < ps->len && s[ps->pos + 1] == '"')
				{
					ps->buf[ps->blen++] = '"';
					ps->pos += 2;
					continue;
				}
				ps->pos++;
				break;
			}
			ps->buf[ps->blen++] = (char) s[ps->pos++];
		}
		if (ps->blen == 0)
			return syntax_error(ps, start, "Zero-length quoted identifier");
	}
	else if (ps->pos < ps->len && is_ident_start(s[ps->pos]) &&
			 arrow_at(ps, ps->pos) == 0)
	{
		while (ps->pos < ps->len && is_ident_cont(s[ps->pos]) &&
			   arrow_at(ps, ps->pos) == 0)
		{
			unsigned char c = s[ps->pos++];

			if (c >= 'A' && c <= 'Z')
				c += 'a' - 'A';
			else if (c >= 0x80 && ps->env->fold_high_bit && isupper(c))
				c = (unsigned char) tolower(c);
			ps->buf[ps->blen++] = (char) c;
		}
	}
	else
		return syntax_error(ps, ps->pos, "Expected a column name");

	if (ps->blen > FDSET_NAME_MAX)
	{
		int			cut;

		if (ps->env->cliplen != NULL)
			cut = ps->env->cliplen(ps->buf, ps->blen, FDSET_NAME_MAX);
		else
			cut = utf8_cliplen(ps->buf, ps->blen, FDSET_NAME_MAX);
		if (cut <= 0 || cut > FDSET_NAME_MAX)
			cut = FDSET_NAME_MAX;
		ps->blen = cut;
		ps->truncated = true;
	}
	ps->buf[ps->blen] = '\0';
	return FDSET_OK;
}

/*
 * parse_side
 *
 * A comma-separated list of at least one name.  A name given twice on
 * one side is an error rather than silently merged: it is almost always
 * a typo for another column.
 */
static FdsetStatus
parse_side(ParseState *ps, bool left, char ***names, int *count)
{
	const char *side = left ? "left" : "right";
	int			cap = 0;
	FdsetStatus st;

	for (;;)
	{
		size_t		start;
		char	   *copy;

		skip_space(ps);
		start = ps->pos;
		if (*count == 0 && (ps->pos >= ps->len || arrow_at(ps, ps->pos)))
		{
			ps->env->errpos = (int) ps->pos;
			return set_error(ps->env, FDSET_ERR_SYNTAX,
							 "The %s side of the dependency is empty.", side);
		}
		if ((st = parse_name(ps)) != FDSET_OK)
			return st;
		for (int i = 0; i < *count; i++)
			if (strcmp((*names)[i], ps->buf) == 0)
			{
				ps->env->errpos = (int) start;
				return set_error(ps->env, FDSET_ERR_SYNTAX,
								 "Column \"%s\" appears more than once on the %s side.",
								 ps->buf, side);
			}

		if (*count == cap)
		{
			int			ncap = cap > 0 ? cap * 2 : 4;
			char	  **n = mem_alloc(ps->env, (size_t) ncap * sizeof(char *));

			if (n == NULL)
				return FDSET_ERR_NOMEM;
			if (*count > 0)
				memcpy(n, *names, (size_t) *count * sizeof(char *));
			mem_free(ps->env, *names);
			*names = n;
			cap = ncap;
		}
		copy = mem_alloc(ps->env, (size_t) ps->blen + 1);
		if (copy == NULL)
			return FDSET_ERR_NOMEM;
		memcpy(copy, ps->buf, (size_t) ps->blen + 1);
		(*names)[(*count)++] = copy;

		skip_space(ps);
		if (ps->pos < ps->len && ps->s[ps->pos] == ',')
		{
			ps->pos++;
			continue;
		}
		return FDSET_OK;
	}
}

/*
 * fdset_parse
 *
 * Parse one dependency written as 'a, "Odd Col" -> b, c': two non-empty
 * comma-separated lists of column names around "->" (or the arrow
 * U+2192), with any whitespace between tokens.  The names come back
 * folded and unquoted as PostgreSQL would (see parse_name()); mapping
 * them to attribute numbers is the caller's job.  A name may appear on
 * both sides (that part is trivial and the cover drops it), but not
 * twice on one side.
 *
 * text need not be NUL-terminated; len is its length in bytes.  On
 * FDSET_ERR_SYNTAX env->errpos is the byte offset of the problem and
 * env->errmsg names the character position.  The result belongs to the
 * caller: fdset_parsed_free().
 */
FdsetStatus
fdset_parse(FdsetEnv *env, const char *text, size_t len, FdsetParsed **out)
{
	ParseState	ps;
	FdsetParsed *res;
	FdsetStatus st;
	int			arrow;

	*out = NULL;
	env->errpos = -1;
	memset(&ps, 0, sizeof(ps));
	ps.env = env;
	ps.s = (const unsigned char *) text;
	ps.len = len;
	res = mem_alloc0(env, sizeof(FdsetParsed));
	if (res == NULL)
		return FDSET_ERR_NOMEM;
	ps.buf = mem_alloc(env, len + 1);
	if (ps.buf == NULL)
	{
		mem_free(env, res);
		return FDSET_ERR_NOMEM;
	}

	if ((st = parse_side(&ps, true, &res->lhs, &res->nlhs)) != FDSET_OK)
		goto done;
	skip_space(&ps);
	arrow = arrow_at(&ps, ps.pos);
	if (arrow == 0)
	{
		st = syntax_error(&ps, ps.pos, ps.pos >= ps.len ?
						  "Expected \"->\"" :
						  "Expected \",\" or \"->\"");
		goto done;
	}
	ps.pos += arrow;
	if ((st = parse_side(&ps, false, &res->rhs, &res->nrhs)) != FDSET_OK)
		goto done;
	skip_space(&ps);
	if (ps.pos < ps.len)
	{
		st = syntax_error(&ps, ps.pos, arrow_at(&ps, ps.pos) ?
						  "Unexpected second \"->\"" :
						  "Unexpected text after the right side");
		goto done;
	}
	res->truncated = ps.truncated;

done:
	mem_free(env, ps.buf);
	if (st != FDSET_OK)
	{
		fdset_parsed_free(env, res);
		return st;
	}
	*out = res;
	return FDSET_OK;
}

/* release a parse result; NULL is fine */
void
fdset_parsed_free(FdsetEnv *env, FdsetParsed *parsed)
{
	if (parsed == NULL)
		return;
	for (int i = 0; i < parsed->nlhs; i++)
		mem_free(env, parsed->lhs[i]);
	for (int i = 0; i < parsed->nrhs; i++)
		mem_free(env, parsed->rhs[i]);
	mem_free(env, parsed->lhs);
	mem_free(env, parsed->rhs);
	mem_free(env, parsed);
}
