/*-------------------------------------------------------------------------
 *
 * fdset.h
 *	  Functional-dependency algebra: attribute sets, closure, canonical
 *	  cover, candidate keys, normal-form tests and decomposition.
 *
 * This is the pure-C core of the normal-form checker.  It includes no
 * PostgreSQL header, so that it can be unit-tested, fuzzed and run under
 * valgrind on its own; normalize.c is its SQL face.
 *
 * Conventions shared by every function below:
 *
 * - A relation has natts attributes, numbered 0 .. natts-1 (the SQL face
 *	 maps attnum k to k-1, skipping dropped columns as it sees fit).
 *	 natts may be 0 and at most FDSET_MAX_ATTRS.
 *
 * - An attribute set is an array of FDSET_WORDS(natts) words of 64 bits;
 *	 bit a of the set is bit (a % 64) of word (a / 64).  Bits at or above
 *	 natts are always zero.  All sets handed to one call have the width
 *	 of the relation they belong to.
 *
 * - Every call that can fail takes an FdsetEnv and returns an
 *	 FdsetStatus.  On failure env->errmsg holds one or more complete
 *	 sentences (capitalised, ending with a period) fit for an errdetail,
 *	 and every output pointer is left NULL: nothing half-built escapes.
 *	 The core never calls abort() or exit().
 *
 * - All memory comes from env->alloc and goes back through
 *	 env->release.  The backend points these at palloc and pfree in a
 *	 memory context of its own, so that an ereport() thrown from inside
 *	 an allocation or from the interrupt callback loses nothing.
 *	 Standalone programs use fdset_env_init(), which sets malloc/free.
 *
 * - Long loops (candidate keys, projection, BCNF decomposition, the chase)
 *	 call env->interrupt every iteration; a non-zero return stops the work
 *	 with FDSET_ERR_INTERRUPTED.  The backend may instead throw from it
 *	 (CHECK_FOR_INTERRUPTS()).
 *
 * - Output is deterministic: it depends only on the inputs, never on
 *	 addresses or hash order.  Sets are ordered by fdset_attrs_cmp()
 *	 (smaller first, then lexicographically by attribute number).
 *
 * IDENTIFICATION
 *	  sysdesign/src/fdset.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef SYSDESIGN_FDSET_H
#define SYSDESIGN_FDSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* PostgreSQL's MaxHeapAttributeNumber */
#define FDSET_MAX_ATTRS			1600

/* NAMEDATALEN - 1: identifiers longer than this are truncated */
#define FDSET_NAME_MAX			63

/* defaults for the caps kept in FdsetEnv */
#define FDSET_DEFAULT_MAX_KEYS	10000
#define FDSET_DEFAULT_MAX_PROJECTION_FDS	5000

typedef uint64_t FdsetWord;

#define FDSET_WORD_BITS			64
#define FDSET_WORDS(natts)		(((natts) + FDSET_WORD_BITS - 1) / FDSET_WORD_BITS)

typedef enum FdsetStatus
{
	FDSET_OK = 0,
	FDSET_ERR_NOMEM,			/* env->alloc returned NULL */
	FDSET_ERR_INVALID,			/* bad argument: attribute out of range,
								 * widths that differ, too many attributes */
	FDSET_ERR_SYNTAX,			/* dependency text not understood; see
								 * env->errpos */
	FDSET_ERR_KEY_LIMIT,		/* more than env->max_keys candidate keys */
	FDSET_ERR_PROJECTION_LIMIT, /* a projection needed more than
								 * env->max_projection_fds dependencies */
	FDSET_ERR_INTERRUPTED		/* env->interrupt asked to stop */
} FdsetStatus;

/*
 * The environment of a computation: allocator, interrupt callback, caps
 * and the last error.  Initialise with fdset_env_init(), then override
 * what you need.  One env must not be used by two threads at once.
 */
typedef struct FdsetEnv
{
	/* allocator; alloc may return NULL (then FDSET_ERR_NOMEM) or throw */
	void	   *(*alloc) (size_t size, void *arg);
	void		(*release) (void *ptr, void *arg);
	void	   *alloc_arg;

	/* called in long loops; return true to stop; may be NULL */
	bool		(*interrupt) (void *arg);
	void	   *interrupt_arg;

	/*
	 * Length in bytes of the longest prefix of s[0 .. len-1] that is at
	 * most limit bytes and does not split a multibyte character; used to
	 * truncate long identifiers.  NULL means UTF-8.  The backend may plug
	 * in pg_mbcliplen() for other server encodings.
	 */
	int			(*cliplen) (const char *s, int len, int limit);

	/* cap on the number of candidate keys fdset_candidate_keys() lists */
	int			max_keys;

	/* cap on the dependencies alive at once inside fdset_project() */
	int			max_projection_fds;

	/* last error: byte offset for FDSET_ERR_SYNTAX (else -1), message */
	int			errpos;
	char		errmsg[256];
} FdsetEnv;

/*
 * A list of functional dependencies X -> Y over natts attributes.  The
 * left sides of dependency i start at lhs + i * nwords, the right sides
 * at rhs + i * nwords; use fdset_lhs() and fdset_rhs().
 */
typedef struct FdsetDeps
{
	int			natts;
	int			nwords;
	int			nfds;
	int			capacity;
	FdsetWord  *lhs;
	FdsetWord  *rhs;
} FdsetDeps;

/* A list of attribute sets of one width (keys, relation schemas). */
typedef struct FdsetSets
{
	int			natts;
	int			nwords;
	int			nsets;
	int			capacity;
	FdsetWord  *words;
} FdsetSets;

/* Opaque index for repeated linear-time closures over one FdsetDeps. */
typedef struct FdsetClosure FdsetClosure;

/* The normal forms that the core decides; 1NF is the SQL face's job. */
typedef enum FdsetNormalForm
{
	FDSET_NF_1 = 1,
	FDSET_NF_2 = 2,
	FDSET_NF_3 = 3,
	FDSET_NF_BCNF = 4
} FdsetNormalForm;

typedef enum FdsetViolationKind
{
	FDSET_PARTIAL = 1,			/* 2NF: non-prime attributes depend on a
								 * proper subset of a candidate key */
	FDSET_TRANSITIVE = 2,		/* 3NF: key -> X -> A, X not a superkey and
								 * not inside a key, A non-prime */
	FDSET_BCNF = 3				/* BCNF: X -> A with X not a superkey */
} FdsetViolationKind;

/*
 * One finding of fdset_analyze().  lhs and rhs point into the analysis.
 *
 * FDSET_PARTIAL: lhs is a minimal proper subset of keys[key]; rhs is
 *	 every non-prime attribute that lhs determines.
 * FDSET_TRANSITIVE: keys[key] -> lhs -> rhs; lhs is not a superkey and is
 *	 not contained in any candidate key; rhs is non-prime.
 * FDSET_BCNF: lhs -> rhs holds in the canonical cover and lhs is not a
 *	 superkey; key is -1.  rhs_prime tells whether every attribute of rhs
 *	 is prime, i.e. whether 3NF tolerates this dependency.
 */
typedef struct FdsetViolation
{
	FdsetViolationKind kind;
	int			key;
	bool		rhs_prime;
	FdsetWord  *lhs;
	FdsetWord  *rhs;
} FdsetViolation;

/* Everything fdset_analyze() finds about one relation. */
typedef struct FdsetAnalysis
{
	int			natts;
	int			nwords;
	FdsetDeps  *cover;			/* canonical cover, one attribute per right
								 * side, sorted */
	FdsetSets  *keys;			/* every candidate key, sorted */
	FdsetWord  *prime;			/* union of the keys */
	int			nviolations;
	FdsetViolation *violations; /* by kind, then lhs, then rhs */
	FdsetNormalForm highest;	/* highest normal form reached */
	FdsetWord  *storage;		/* owns the sets the violations point to */
} FdsetAnalysis;

/*
 * A decomposition: relation i has attributes rels[i] and primary key
 * keys[i] (a candidate key of that relation).  lost lists dependencies
 * of the canonical cover that no relation enforces on its own and that
 * the relations together do not imply (always empty for 3NF synthesis).
 */
typedef struct FdsetDecomposition
{
	FdsetSets  *rels;
	FdsetSets  *keys;
	FdsetDeps  *lost;
} FdsetDecomposition;

/* The result of fdset_parse(): names as written, quotes undone. */
typedef struct FdsetParsed
{
	int			nlhs;
	char	  **lhs;
	int			nrhs;
	char	  **rhs;
	bool		truncated;		/* some name was cut to FDSET_NAME_MAX */
} FdsetParsed;

/* ---------------------------------------------------------------------
 * Attribute sets.  a is an attribute number, nw the width in words.
 * ---------------------------------------------------------------------
 */

static inline bool
fdset_attrs_member(const FdsetWord *s, int a)
{
	return (s[a / FDSET_WORD_BITS] >> (a % FDSET_WORD_BITS)) & 1;
}

static inline void
fdset_attrs_add(FdsetWord *s, int a)
{
	s[a / FDSET_WORD_BITS] |= (FdsetWord) 1 << (a % FDSET_WORD_BITS);
}

static inline void
fdset_attrs_del(FdsetWord *s, int a)
{
	s[a / FDSET_WORD_BITS] &= ~((FdsetWord) 1 << (a % FDSET_WORD_BITS));
}

extern void fdset_attrs_clear(FdsetWord *s, int nw);
extern void fdset_attrs_fill(FdsetWord *s, int natts);
extern void fdset_attrs_copy(FdsetWord *dst, const FdsetWord *src, int nw);
extern void fdset_attrs_union(FdsetWord *dst, const FdsetWord *src, int nw);
extern void fdset_attrs_intersect(FdsetWord *dst, const FdsetWord *src,
								  int nw);
extern void fdset_attrs_minus(FdsetWord *dst, const FdsetWord *src, int nw);
extern bool fdset_attrs_subset(const FdsetWord *a, const FdsetWord *b,
							   int nw);
extern bool fdset_attrs_equal(const FdsetWord *a, const FdsetWord *b,
							  int nw);
extern bool fdset_attrs_overlap(const FdsetWord *a, const FdsetWord *b,
								int nw);
extern bool fdset_attrs_is_empty(const FdsetWord *s, int nw);
extern int	fdset_attrs_count(const FdsetWord *s, int nw);
extern int	fdset_attrs_next(const FdsetWord *s, int nw, int prev);
extern uint64_t fdset_attrs_hash(const FdsetWord *s, int nw);
extern int	fdset_attrs_cmp(const FdsetWord *a, const FdsetWord *b, int nw);

/* ---------------------------------------------------------------------
 * Environment, lists and their lifetime.
 * ---------------------------------------------------------------------
 */

extern void fdset_env_init(FdsetEnv *env);
extern const char *fdset_status_name(FdsetStatus status);

extern FdsetStatus fdset_deps_create(FdsetEnv *env, int natts,
									 FdsetDeps **out);
extern FdsetStatus fdset_deps_add(FdsetEnv *env, FdsetDeps *deps,
								  const FdsetWord *lhs,
								  const FdsetWord *rhs);
extern FdsetStatus fdset_deps_add_attnums(FdsetEnv *env, FdsetDeps *deps,
										  const int *lhs, int nlhs,
										  const int *rhs, int nrhs);
extern FdsetStatus fdset_deps_copy(FdsetEnv *env, const FdsetDeps *deps,
								   FdsetDeps **out);
extern void fdset_deps_free(FdsetEnv *env, FdsetDeps *deps);

static inline FdsetWord *
fdset_lhs(const FdsetDeps *deps, int i)
{
	return deps->lhs + (size_t) i * deps->nwords;
}

static inline FdsetWord *
fdset_rhs(const FdsetDeps *deps, int i)
{
	return deps->rhs + (size_t) i * deps->nwords;
}

extern FdsetStatus fdset_sets_create(FdsetEnv *env, int natts,
									 FdsetSets **out);
extern FdsetStatus fdset_sets_add(FdsetEnv *env, FdsetSets *sets,
								  const FdsetWord *set);
extern void fdset_sets_free(FdsetEnv *env, FdsetSets *sets);

static inline FdsetWord *
fdset_set(const FdsetSets *sets, int i)
{
	return sets->words + (size_t) i * sets->nwords;
}

/* ---------------------------------------------------------------------
 * Closure and implication.
 * ---------------------------------------------------------------------
 */

extern FdsetStatus fdset_closure_prepare(FdsetEnv *env,
										 const FdsetDeps *deps,
										 FdsetClosure **out);
extern void fdset_closure_compute(FdsetClosure *cl, const FdsetWord *x,
								  FdsetWord *out);
extern bool fdset_closure_reaches(FdsetClosure *cl, const FdsetWord *x,
								  const FdsetWord *target);
extern void fdset_closure_free(FdsetEnv *env, FdsetClosure *cl);

extern FdsetStatus fdset_closure(FdsetEnv *env, const FdsetDeps *deps,
								 const FdsetWord *x, FdsetWord *out);
extern FdsetStatus fdset_implies(FdsetEnv *env, const FdsetDeps *deps,
								 const FdsetWord *lhs, const FdsetWord *rhs,
								 bool *result);
extern FdsetStatus fdset_equivalent(FdsetEnv *env, const FdsetDeps *a,
									const FdsetDeps *b, bool *result);

/* ---------------------------------------------------------------------
 * Covers, keys and normal forms.
 * ---------------------------------------------------------------------
 */

extern FdsetStatus fdset_canonical_cover(FdsetEnv *env,
										 const FdsetDeps *deps,
										 FdsetDeps **out);
extern FdsetStatus fdset_group_by_lhs(FdsetEnv *env, const FdsetDeps *deps,
									  FdsetDeps **out);
extern FdsetStatus fdset_find_key(FdsetEnv *env, const FdsetDeps *deps,
								  const FdsetWord *within, FdsetWord *key);
extern FdsetStatus fdset_candidate_keys(FdsetEnv *env,
										const FdsetDeps *deps,
										FdsetSets **out);
extern void fdset_prime_attrs(const FdsetSets *keys, FdsetWord *out);
extern FdsetStatus fdset_analyze(FdsetEnv *env, const FdsetDeps *deps,
								 FdsetAnalysis **out);
extern void fdset_analysis_free(FdsetEnv *env, FdsetAnalysis *an);
extern const char *fdset_normal_form_name(FdsetNormalForm nf);

/* ---------------------------------------------------------------------
 * Projection and decomposition.
 * ---------------------------------------------------------------------
 */

extern FdsetStatus fdset_project(FdsetEnv *env, const FdsetDeps *deps,
								 const FdsetWord *onto, FdsetDeps **out);
extern FdsetStatus fdset_deps_within(FdsetEnv *env, const FdsetDeps *deps,
									 const FdsetWord *rel, FdsetDeps **out);
extern FdsetStatus fdset_synthesize_3nf(FdsetEnv *env,
										const FdsetDeps *deps,
										FdsetDecomposition **out);
extern FdsetStatus fdset_decompose_bcnf(FdsetEnv *env,
										const FdsetDeps *deps,
										FdsetDecomposition **out);
extern void fdset_decomposition_free(FdsetEnv *env,
									 FdsetDecomposition *dec);
extern FdsetStatus fdset_is_lossless(FdsetEnv *env, const FdsetDeps *deps,
									 const FdsetSets *rels, bool *result);
extern FdsetStatus fdset_not_preserved(FdsetEnv *env,
									   const FdsetDeps *deps,
									   const FdsetSets *rels,
									   FdsetDeps **out);

/* ---------------------------------------------------------------------
 * Parsing 'a, "Odd Col" -> b, c'.
 * ---------------------------------------------------------------------
 */

extern FdsetStatus fdset_parse(FdsetEnv *env, const char *text, size_t len,
							   FdsetParsed **out);
extern void fdset_parsed_free(FdsetEnv *env, FdsetParsed *parsed);

#endif							/* SYSDESIGN_FDSET_H */
