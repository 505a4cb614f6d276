/*-------------------------------------------------------------------------
 *
 * fdref.h
 *	  Brute-force reference for functional dependencies on small relations.
 *
 * Everything here follows the definitions literally, with no cleverness,
 * so that it can be trusted by reading it: closure by iterating to a
 * fixpoint, keys by testing every subset, normal forms by enumerating
 * every X and every A in X+, the chase over the dependencies as given.
 * Attribute sets are bitmasks, so relations have at most REF_MAX_ATTS
 * attributes; costs are exponential in that number.
 *
 * IDENTIFICATION
 *	  sysdesign/test/unit/fdref.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef SYSDESIGN_FDREF_H
#define SYSDESIGN_FDREF_H

#include <stdbool.h>
#include <stdint.h>

#define REF_MAX_ATTS	12
#define REF_MAX_FDS		64
#define REF_MAX_KEYS	1024
#define REF_MAX_RELS	16

typedef struct RefDeps
{
	int			n;				/* attributes 0 .. n-1 */
	int			m;				/* dependencies */
	uint32_t	lhs[REF_MAX_FDS];
	uint32_t	rhs[REF_MAX_FDS];
} RefDeps;

extern int	ref_popcount(uint32_t x);
extern int	ref_cmp(uint32_t a, uint32_t b);
extern uint32_t ref_closure(const RefDeps *d, uint32_t x);
extern bool ref_superkey(const RefDeps *d, uint32_t x, uint32_t rel);
extern int	ref_keys(const RefDeps *d, uint32_t rel, uint32_t *keys);
extern uint32_t ref_prime(const RefDeps *d, uint32_t rel);
extern int	ref_normal_form(const RefDeps *d, uint32_t rel);
extern bool ref_lossless(const RefDeps *d, const uint32_t *rels, int nrels);
extern bool ref_preserved(const RefDeps *d, const uint32_t *rels, int nrels,
						  uint32_t lhs, uint32_t rhs);

#endif							/* SYSDESIGN_FDREF_H */
