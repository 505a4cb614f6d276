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
 * Wiring it into the backend looks like this (normalize.c):
 *
 *----------
 *		static void *
 *		fd_palloc(size_t size, void *arg)
 *		{
 *			return MemoryContextAlloc((MemoryContext) arg, size);
 *		}
 *		static void fd_pfree(void *p, void *arg) { pfree(p); }
 *		static bool fd_cfi(void *arg) { CHECK_FOR_INTERRUPTS(); return false; }
 *
 *		fdset_env_init(&env);
 *		env.alloc = fd_palloc;
 *		env.release = fd_pfree;
 *		env.alloc_arg = a child context of the caller's, deleted at the end;
 *		env.interrupt = fd_cfi;
 *		env.cliplen = pg_mbcliplen;
 *		env.max_keys = the GUC, if there is one;
 *		if ((st = fdset_analyze(&env, deps, &an)) != FDSET_OK)
 *			ereport(ERROR, (errcode(...), errmsg(...),
 *							errdetail_internal("%s", env.errmsg)));
 *----------
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

/* the number of words in a set over natts attributes */
#define FDSET_WORDS(natts) \
	(((natts) + FDSET_WORD_BITS - 1) / FDSET_WORD_BITS)

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

	/*
	 * Fold upper-case high-bit bytes of unquoted names with tolower(), as
	 * PostgreSQL does when the server encoding is single-byte (set it to
	 * pg_database_encoding_max_length() == 1).  Default false.
	 */
	bool		fold_high_bit;

	/*
	 * Cap on the number of candidate keys fdset_candidate_keys() lists,
	 * and on the dependencies alive at once inside fdset_project().  Zero
	 * or less means the default.
	 */
	int			max_keys;
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
 * FDSET_PARTIAL: lhs is a proper subset of keys[key], minimal for
 *	 determining at least one attribute of rhs; rhs is every non-prime
 *	 attribute that lhs determines.
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
 * fallback is set when BCNF decomposition had to split some relation
 * without projecting its dependencies (too many); the result is still
 * lossless and in BCNF but may have more relations than needed.
 */
typedef struct FdsetDecomposition
{
	FdsetSets  *rels;
	FdsetSets  *keys;
	FdsetDeps  *lost;
	bool		fallback;
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
 * Attribute sets.  a is an attribute number, nw the width in words
 * (FDSET_WORDS(natts)).  None of these allocate or fail.
 * ---------------------------------------------------------------------
 */

/* is a in s? */
static inline bool
fdset_attrs_member(const FdsetWord *s, int a)
{
	return (s[a / FDSET_WORD_BITS] >> (a % FDSET_WORD_BITS)) & 1;
}

/* s := s u {a} */
static inline void
fdset_attrs_add(FdsetWord *s, int a)
{
	s[a / FDSET_WORD_BITS] |= (FdsetWord) 1 << (a % FDSET_WORD_BITS);
}

/* s := s - {a} */
static inline void
fdset_attrs_del(FdsetWord *s, int a)
{
	s[a / FDSET_WORD_BITS] &= ~((FdsetWord) 1 << (a % FDSET_WORD_BITS));
}

/* s := {} */
extern void fdset_attrs_clear(FdsetWord *s, int nw);

/* s := {0 .. natts-1} */
extern void fdset_attrs_fill(FdsetWord *s, int natts);

/* dst := src; dst := dst u src; dst := dst n src; dst := dst - src */
extern void fdset_attrs_copy(FdsetWord *dst, const FdsetWord *src, int nw);
extern void fdset_attrs_union(FdsetWord *dst, const FdsetWord *src, int nw);
extern void fdset_attrs_intersect(FdsetWord *dst, const FdsetWord *src,
								  int nw);
extern void fdset_attrs_minus(FdsetWord *dst, const FdsetWord *src, int nw);

/* a subset of b (not necessarily proper); a = b; a n b non-empty; s = {} */
extern bool fdset_attrs_subset(const FdsetWord *a, const FdsetWord *b,
							   int nw);
extern bool fdset_attrs_equal(const FdsetWord *a, const FdsetWord *b,
							  int nw);
extern bool fdset_attrs_overlap(const FdsetWord *a, const FdsetWord *b,
								int nw);
extern bool fdset_attrs_is_empty(const FdsetWord *s, int nw);

/* |s| */
extern int	fdset_attrs_count(const FdsetWord *s, int nw);

/*
 * The smallest member of s above prev, or -1.  Iterate with
 *	 for (a = fdset_attrs_next(s, nw, -1); a >= 0;
 *		  a = fdset_attrs_next(s, nw, a))
 */
extern int	fdset_attrs_next(const FdsetWord *s, int nw, int prev);

/* a deterministic 64-bit hash of the bits, for deduplication */
extern uint64_t fdset_attrs_hash(const FdsetWord *s, int nw);

/*
 * The reporting order: negative when a comes first.  Smaller sets first;
 * among equal sizes, lexicographically by sorted attribute numbers.
 */
extern int	fdset_attrs_cmp(const FdsetWord *a, const FdsetWord *b, int nw);

/* ---------------------------------------------------------------------
 * Environment, lists and their lifetime.  Every object returned through
 * an out parameter belongs to the caller and is released with the
 * matching _free function (all of which accept NULL).
 * ---------------------------------------------------------------------
 */

/* malloc/free, no interrupt callback, UTF-8 clipping, default caps */
extern void fdset_env_init(FdsetEnv *env);

/* a fixed lower-case name of a status, for logs and tests */
extern const char *fdset_status_name(FdsetStatus status);

/* an empty dependency list over natts attributes */
extern FdsetStatus fdset_deps_create(FdsetEnv *env, int natts,
									 FdsetDeps **out);

/* append lhs -> rhs (copied; either side may be empty) */
extern FdsetStatus fdset_deps_add(FdsetEnv *env, FdsetDeps *deps,
								  const FdsetWord *lhs,
								  const FdsetWord *rhs);

/* append the dependency given as arrays of attribute numbers */
extern FdsetStatus fdset_deps_add_attnums(FdsetEnv *env, FdsetDeps *deps,
										  const int *lhs, int nlhs,
										  const int *rhs, int nrhs);

/* a deep copy */
extern FdsetStatus fdset_deps_copy(FdsetEnv *env, const FdsetDeps *deps,
								   FdsetDeps **out);
extern void fdset_deps_free(FdsetEnv *env, FdsetDeps *deps);

/* the left and right side of dependency i */
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

/* an empty list of attribute sets; append a copy of set */
extern FdsetStatus fdset_sets_create(FdsetEnv *env, int natts,
									 FdsetSets **out);
extern FdsetStatus fdset_sets_add(FdsetEnv *env, FdsetSets *sets,
								  const FdsetWord *set);
extern void fdset_sets_free(FdsetEnv *env, FdsetSets *sets);

/* set i of the list */
static inline FdsetWord *
fdset_set(const FdsetSets *sets, int i)
{
	return sets->words + (size_t) i * sets->nwords;
}

/* ---------------------------------------------------------------------
 * Closure and implication.
 * ---------------------------------------------------------------------
 */

/*
 * Index deps for repeated closures (linear time each).  The index copies
 * what it needs; deps may change or go afterwards.  One closure at a
 * time per index: it holds scratch space.
 */
extern FdsetStatus fdset_closure_prepare(FdsetEnv *env,
										 const FdsetDeps *deps,
										 FdsetClosure **out);

/* out := x+ (out must not alias x) */
extern void fdset_closure_compute(FdsetClosure *cl, const FdsetWord *x,
								  FdsetWord *out);

/* is target inside x+?  Stops early; use with target = all for superkeys */
extern bool fdset_closure_reaches(FdsetClosure *cl, const FdsetWord *x,
								  const FdsetWord *target);
extern void fdset_closure_free(FdsetEnv *env, FdsetClosure *cl);

/* one-shot forms: out := x+; does deps imply lhs -> rhs; same closure? */
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

/*
 * A canonical cover: equivalent, single-attribute right sides, reduced
 * left sides, nothing redundant; sorted by (lhs, rhs) and independent of
 * the order of deps.
 */
extern FdsetStatus fdset_canonical_cover(FdsetEnv *env,
										 const FdsetDeps *deps,
										 FdsetDeps **out);

/* deps sorted by left side with equal left sides merged: X -> A, B */
extern FdsetStatus fdset_group_by_lhs(FdsetEnv *env, const FdsetDeps *deps,
									  FdsetDeps **out);

/*
 * One candidate key of the sub-relation "within" (all attributes: of the
 * relation), written to key; polynomial, prefers low attribute numbers.
 */
extern FdsetStatus fdset_find_key(FdsetEnv *env, const FdsetDeps *deps,
								  const FdsetWord *within, FdsetWord *key);

/*
 * Every candidate key, sorted by fdset_attrs_cmp(); FDSET_ERR_KEY_LIMIT
 * beyond env->max_keys.  Output-polynomial (Lucchesi and Osborn).
 */
extern FdsetStatus fdset_candidate_keys(FdsetEnv *env,
										const FdsetDeps *deps,
										FdsetSets **out);

/*
 * Every candidate key of the sub-relation rel, sorted; for the alternate
 * keys (UNIQUE constraints) of a decomposed relation.  Projects first,
 * so FDSET_ERR_PROJECTION_LIMIT is possible besides FDSET_ERR_KEY_LIMIT.
 */
extern FdsetStatus fdset_candidate_keys_within(FdsetEnv *env,
											   const FdsetDeps *deps,
											   const FdsetWord *rel,
											   FdsetSets **out);

/* out := union of the keys, i.e. the prime attributes */
extern void fdset_prime_attrs(const FdsetSets *keys, FdsetWord *out);

/*
 * Cover, keys, prime attributes, 2NF/3NF/BCNF findings and the highest
 * normal form; see FdsetAnalysis and FdsetViolation.  Fails with
 * FDSET_ERR_KEY_LIMIT when the keys cannot all be listed.
 */
extern FdsetStatus fdset_analyze(FdsetEnv *env, const FdsetDeps *deps,
								 FdsetAnalysis **out);
extern void fdset_analysis_free(FdsetEnv *env, FdsetAnalysis *an);

/* "1NF", "2NF", "3NF" or "BCNF" */
extern const char *fdset_normal_form_name(FdsetNormalForm nf);

/* ---------------------------------------------------------------------
 * Projection and decomposition.
 * ---------------------------------------------------------------------
 */

/*
 * A canonical cover of the dependencies that hold on the attributes
 * "onto" (the projection).  Exponential in the worst case: fails with
 * FDSET_ERR_PROJECTION_LIMIT when more than env->max_projection_fds
 * dependencies are alive at once.  Cheap for everyday schemas.
 */
extern FdsetStatus fdset_project(FdsetEnv *env, const FdsetDeps *deps,
								 const FdsetWord *onto, FdsetDeps **out);

/*
 * The given dependencies that rel can enforce alone: X -> (Y n rel) - X
 * for each X -> Y with X inside rel.  Cheap; derives nothing new.
 */
extern FdsetStatus fdset_deps_within(FdsetEnv *env, const FdsetDeps *deps,
									 const FdsetWord *rel, FdsetDeps **out);

/*
 * 3NF synthesis (Bernstein): lossless and dependency-preserving; one
 * relation per left side of the cover, plus a key relation when needed,
 * subsumed relations dropped.
 */
extern FdsetStatus fdset_synthesize_3nf(FdsetEnv *env,
										const FdsetDeps *deps,
										FdsetDecomposition **out);

/*
 * BCNF decomposition by repeated lossless splits; dec->lost lists the
 * cover dependencies it could not preserve.  Never fails for the size
 * of a projection: see dec->fallback.
 */
extern FdsetStatus fdset_decompose_bcnf(FdsetEnv *env,
										const FdsetDeps *deps,
										FdsetDecomposition **out);
extern void fdset_decomposition_free(FdsetEnv *env,
									 FdsetDecomposition *dec);

/* the chase: is the join of the projections onto rels always lossless? */
extern FdsetStatus fdset_is_lossless(FdsetEnv *env, const FdsetDeps *deps,
									 const FdsetSets *rels, bool *result);

/*
 * The dependencies of deps that rels do not preserve, each as
 * X -> (the part of its right side that is lost); polynomial.
 */
extern FdsetStatus fdset_not_preserved(FdsetEnv *env,
									   const FdsetDeps *deps,
									   const FdsetSets *rels,
									   FdsetDeps **out);

/* ---------------------------------------------------------------------
 * Parsing 'a, "Odd Col" -> b, c'.
 * ---------------------------------------------------------------------
 */

/*
 * Parse one dependency of len bytes (no NUL needed).  Names come back
 * as PostgreSQL would read them: unquoted ones folded to lower case
 * (ASCII, and high-bit bytes with env->fold_high_bit), quoted ones
 * verbatim with "" undone, every one cut to FDSET_NAME_MAX bytes
 * (flagged in ->truncated).  "->" or U+2192 between the sides.  Errors (FDSET_ERR_SYNTAX, env->errpos = byte offset): an
 * empty side, a missing arrow, an unterminated quote, an empty or
 * missing name, text after the right side, a name twice on one side.
 */
extern FdsetStatus fdset_parse(FdsetEnv *env, const char *text, size_t len,
							   FdsetParsed **out);
extern void fdset_parsed_free(FdsetEnv *env, FdsetParsed *parsed);

#endif							/* SYSDESIGN_FDSET_H */
