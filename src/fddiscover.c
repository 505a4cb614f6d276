/*-------------------------------------------------------------------------
 *
 * fddiscover.c
 *	  Find the minimal functional dependencies that hold in a table's data.
 *
 * The search walks the lattice of attribute sets level by level, as TANE
 * does (Huhtala, Kärkkäinen, Porkka and Toivonen, 1999):
 *
 * - Each set X carries the stripped partition of the rows by their values
 *	 on X: the classes of rows that agree on X, singletons dropped.  With
 *	 e(X) = (rows in the classes) - (number of classes), X -> A holds
 *	 exactly when e(X) = e(X u {A}), and X is a superkey when e(X) = 0.
 *	 The partition of X u Y is the product of those of X and Y, computed
 *	 in time linear in their size.
 *
 * - Each set also carries C+(X), the right-hand sides still worth testing
 *	 under it.  A is dropped from C+(X) once some subset of X \ {A}
 *	 determines A, so that only minimal left sides are ever reported, and
 *	 a set whose C+ is empty has no superset worth visiting.
 *
 * - A superkey X needs no supersets either: every X u Y -> A follows from
 *	 X -> A.  We report X -> A for each A outside X that no smaller left
 *	 side already gives, and drop X from the lattice.  (The original paper
 *	 decides minimality there from the C+ sets of X's neighbours; we look
 *	 the answer up among the dependencies found so far instead, which is
 *	 simpler to get right, and complete because every minimal dependency
 *	 with a shorter left side has been found by then.)
 *
 * The unit tests compare every result with a brute-force search over all
 * left sides, on random tables and on public benchmark data sets.
 *
 * IDENTIFICATION
 *	  sysdesign/src/fddiscover.c
 *
 *-------------------------------------------------------------------------
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fddiscover.h"

/* One attribute set of a lattice level and its stripped partition. */
typedef struct FddNode
{
	FdsetWord  *set;			/* nw words, then C+ in the next nw words */
	FdsetWord  *cplus;
	int32_t    *rows;			/* row numbers, class by class */
	int32_t    *starts;			/* class c is rows[starts[c] ..
								 * starts[c + 1] - 1] */
	int32_t		nclasses;
	int32_t		nelems;
	int64_t		cells;			/* int32s held by rows and starts */
	int64_t		error;			/* e(X); kept after the partition is freed */
	bool		alive;
} FddNode;

/* All sets of one size, with a hash table to find them by content. */
typedef struct FddLevel
{
	int			n;
	int			cap;
	FddNode    *nodes;
	int		   *slots;			/* node index or -1 */
	int			nslots;
} FddLevel;

typedef struct FddState
{
	FdsetEnv   *env;
	int			nrows;
	int			ncols;
	int			nw;
	int			max_lhs;
	int64_t		cells;			/* int32s held by live partitions */
	int64_t		max_cells;

	/* scratch of the partition product, each nrows + 1 long */
	int32_t    *probe;
	int32_t    *count;
	int32_t    *pos;

	/* dependencies found so far, chained by right side */
	int			nfound;
	int			capfound;
	FdsetWord  *found_lhs;
	int		   *found_rhs;
	int		   *found_next;
	int		   *found_head;		/* ncols entries */

	FdsetWord  *scratch;		/* nw words */
} FddState;

/* An element of the final sort. */
typedef struct FddOut
{
	const FdsetWord *lhs;
	int			rhs;
	int			nw;
} FddOut;

static void *
fdd_alloc(FddState *st, size_t size)
{
	void	   *p = st->env->alloc(size == 0 ? 1 : size, st->env->alloc_arg);

	if (p == NULL)
		snprintf(st->env->errmsg, sizeof(st->env->errmsg),
				 "Could not allocate %zu bytes.", size);
	return p;
}

static void
fdd_free(FddState *st, void *p)
{
	if (p != NULL)
		st->env->release(p, st->env->alloc_arg);
}

static bool
fdd_interrupted(FddState *st)
{
	FdsetEnv   *env = st->env;

	if (env->interrupt != NULL && env->interrupt(env->interrupt_arg))
	{
		snprintf(env->errmsg, sizeof(env->errmsg),
				 "The search was interrupted.");
		return true;
	}
	return false;
}

/*
 * Account for cells partition int32s about to be allocated; false when
 * that would go past the budget.
 */
static bool
fdd_charge(FddState *st, int64_t cells)
{
	if (st->cells + cells > st->max_cells)
	{
		snprintf(st->env->errmsg, sizeof(st->env->errmsg),
				 "The search needs more than %lld partition cells at once.  "
				 "Lower the cap on left-side size, or search fewer columns "
				 "or rows.",
				 (long long) st->max_cells);
		return false;
	}
	st->cells += cells;
	return true;
}

static void
node_free_partition(FddState *st, FddNode *node)
{
	fdd_free(st, node->rows);
	fdd_free(st, node->starts);
	node->rows = NULL;
	node->starts = NULL;
	st->cells -= node->cells;
	node->cells = 0;
}

static void
level_free(FddState *st, FddLevel *level)
{
	int			i;

	for (i = 0; i < level->n; i++)
	{
		node_free_partition(st, &level->nodes[i]);
		fdd_free(st, level->nodes[i].set);
	}
	fdd_free(st, level->nodes);
	fdd_free(st, level->slots);
	memset(level, 0, sizeof(*level));
}

/* Append a node for set (copied); returns it, or NULL when out of memory. */
static FddNode *
level_add(FddState *st, FddLevel *level, const FdsetWord *set)
{
	FddNode    *node;

	if (level->n == level->cap)
	{
		int			newcap = level->cap == 0 ? 64 : level->cap * 2;
		FddNode    *nodes = fdd_alloc(st, sizeof(FddNode) * newcap);

		if (nodes == NULL)
			return NULL;
		if (level->n > 0)
			memcpy(nodes, level->nodes, sizeof(FddNode) * level->n);
		fdd_free(st, level->nodes);
		level->nodes = nodes;
		level->cap = newcap;
	}
	node = &level->nodes[level->n];
	memset(node, 0, sizeof(*node));
	node->set = fdd_alloc(st, sizeof(FdsetWord) * 2 * st->nw);
	if (node->set == NULL)
		return NULL;
	node->cplus = node->set + st->nw;
	fdset_attrs_copy(node->set, set, st->nw);
	fdset_attrs_clear(node->cplus, st->nw);
	node->alive = true;
	level->n++;
	return node;
}

/* Index the level's nodes by content; call once all are added. */
static bool
level_index(FddState *st, FddLevel *level)
{
	int			i;

	level->nslots = 16;
	while (level->nslots < level->n * 2)
		level->nslots *= 2;
	level->slots = fdd_alloc(st, sizeof(int) * level->nslots);
	if (level->slots == NULL)
		return false;
	for (i = 0; i < level->nslots; i++)
		level->slots[i] = -1;
	for (i = 0; i < level->n; i++)
	{
		uint64_t	h = fdset_attrs_hash(level->nodes[i].set, st->nw);
		int			s = (int) (h & (uint64_t) (level->nslots - 1));

		while (level->slots[s] >= 0)
			s = (s + 1) & (level->nslots - 1);
		level->slots[s] = i;
	}
	return true;
}

/* The live node whose set is set, or NULL. */
static FddNode *
level_find(FddState *st, const FddLevel *level, const FdsetWord *set)
{
	uint64_t	h = fdset_attrs_hash(set, st->nw);
	int			s = (int) (h & (uint64_t) (level->nslots - 1));

	while (level->slots[s] >= 0)
	{
		FddNode    *node = &level->nodes[level->slots[s]];

		if (fdset_attrs_equal(node->set, set, st->nw))
			return node->alive ? node : NULL;
		s = (s + 1) & (level->nslots - 1);
	}
	return NULL;
}

/* Give node room for nelems rows in at most nclasses classes. */
static bool
node_alloc_partition(FddState *st, FddNode *node, int32_t nelems,
					 int32_t nclasses)
{
	int64_t		cells = (int64_t) nelems + nclasses + 1;

	if (!fdd_charge(st, cells))
		return false;
	node->cells = cells;
	node->rows = fdd_alloc(st, sizeof(int32_t) * (nelems > 0 ? nelems : 1));
	node->starts = fdd_alloc(st, sizeof(int32_t) * (nclasses + 1));
	return node->rows != NULL && node->starts != NULL;
}

/* The stripped partition of the rows by the codes of one column. */
static bool
partition_column(FddState *st, FddNode *node, const int32_t *codes,
				 int32_t ncodes)
{
	int32_t    *count;
	int32_t		nelems = 0,
				nclasses = 0;
	int32_t		r,
				v;

	count = fdd_alloc(st, sizeof(int32_t) * (ncodes > 0 ? ncodes : 1));
	if (count == NULL)
		return false;
	memset(count, 0, sizeof(int32_t) * ncodes);
	for (r = 0; r < st->nrows; r++)
		count[codes[r]]++;
	for (v = 0; v < ncodes; v++)
		if (count[v] >= 2)
		{
			nelems += count[v];
			nclasses++;
		}
	if (!node_alloc_partition(st, node, nelems, nclasses))
	{
		fdd_free(st, count);
		return false;
	}

	/* turn counts into start offsets of the classes kept, -1 elsewhere */
	nelems = 0;
	nclasses = 0;
	for (v = 0; v < ncodes; v++)
	{
		if (count[v] >= 2)
		{
			node->starts[nclasses++] = nelems;
			nelems += count[v];
			count[v] = node->starts[nclasses - 1];
		}
		else
			count[v] = -1;
	}
	node->starts[nclasses] = nelems;
	for (r = 0; r < st->nrows; r++)
		if (count[codes[r]] >= 0)
			node->rows[count[codes[r]]++] = r;
	node->nelems = nelems;
	node->nclasses = nclasses;
	node->error = (int64_t) nelems - nclasses;
	fdd_free(st, count);
	return true;
}

/* Move a partition into arrays of its exact size. */
static bool
partition_shrink(FddState *st, FddNode *node)
{
	int32_t    *rows = fdd_alloc(st, sizeof(int32_t) *
								 (node->nelems > 0 ? node->nelems : 1));
	int32_t    *starts = fdd_alloc(st, sizeof(int32_t) *
								   (node->nclasses + 1));

	if (rows == NULL || starts == NULL)
	{
		fdd_free(st, rows);
		fdd_free(st, starts);
		return false;
	}
	memcpy(rows, node->rows, sizeof(int32_t) * node->nelems);
	memcpy(starts, node->starts, sizeof(int32_t) * (node->nclasses + 1));
	fdd_free(st, node->rows);
	fdd_free(st, node->starts);
	node->rows = rows;
	node->starts = starts;
	st->cells -= node->cells;
	node->cells = (int64_t) node->nelems + node->nclasses + 1;
	st->cells += node->cells;
	return true;
}

/*
 * The product of two stripped partitions: rows share a class of the
 * result when they share a class of a and a class of b.
 */
static bool
partition_product(FddState *st, FddNode *out, const FddNode *a,
				  const FddNode *b)
{
	int32_t		cap = a->nelems < b->nelems ? a->nelems : b->nelems;
	int32_t		i,
				j,
				k,
				nelems = 0,
				nclasses = 0;

	if (!node_alloc_partition(st, out, cap, cap / 2))
		return false;

	for (i = 0; i < a->nclasses; i++)
		for (k = a->starts[i]; k < a->starts[i + 1]; k++)
			st->probe[a->rows[k]] = i;

	for (j = 0; j < b->nclasses; j++)
	{
		int32_t		lo = b->starts[j],
					hi = b->starts[j + 1];

		for (k = lo; k < hi; k++)
			if ((i = st->probe[b->rows[k]]) >= 0)
				st->count[i]++;
		for (k = lo; k < hi; k++)
		{
			i = st->probe[b->rows[k]];
			if (i < 0 || st->count[i] < 2)
				continue;
			if (st->pos[i] < 0)
			{
				out->starts[nclasses++] = nelems;
				st->pos[i] = nelems;
				nelems += st->count[i];
			}
			out->rows[st->pos[i]++] = b->rows[k];
		}
		for (k = lo; k < hi; k++)
			if ((i = st->probe[b->rows[k]]) >= 0)
			{
				st->count[i] = 0;
				st->pos[i] = -1;
			}
	}
	out->starts[nclasses] = nelems;

	for (k = 0; k < a->nelems; k++)
		st->probe[a->rows[k]] = -1;

	out->nelems = nelems;
	out->nclasses = nclasses;
	out->error = (int64_t) nelems - nclasses;

	/*
	 * The room was sized for the worst case; a product that is a key, or
	 * close to one, keeps far fewer rows.  Give the rest back now, since
	 * a whole level of partitions stays alive.
	 */
	if ((int64_t) nelems + nclasses + 1 < out->cells / 2)
		return partition_shrink(st, out);
	return true;
}

/* Record lhs -> rhs as found. */
static bool
found_add(FddState *st, const FdsetWord *lhs, int rhs)
{
	if (st->nfound == st->capfound)
	{
		int			newcap = st->capfound == 0 ? 64 : st->capfound * 2;
		FdsetWord  *l = fdd_alloc(st, sizeof(FdsetWord) * st->nw * newcap);
		int		   *r = fdd_alloc(st, sizeof(int) * newcap);
		int		   *n = fdd_alloc(st, sizeof(int) * newcap);

		if (l == NULL || r == NULL || n == NULL)
		{
			fdd_free(st, l);
			fdd_free(st, r);
			fdd_free(st, n);
			return false;
		}
		if (st->nfound > 0)
		{
			memcpy(l, st->found_lhs, sizeof(FdsetWord) * st->nw * st->nfound);
			memcpy(r, st->found_rhs, sizeof(int) * st->nfound);
			memcpy(n, st->found_next, sizeof(int) * st->nfound);
		}
		fdd_free(st, st->found_lhs);
		fdd_free(st, st->found_rhs);
		fdd_free(st, st->found_next);
		st->found_lhs = l;
		st->found_rhs = r;
		st->found_next = n;
		st->capfound = newcap;
	}
	fdset_attrs_copy(st->found_lhs + (size_t) st->nfound * st->nw, lhs,
					 st->nw);
	st->found_rhs[st->nfound] = rhs;
	st->found_next[st->nfound] = st->found_head[rhs];
	st->found_head[rhs] = st->nfound;
	st->nfound++;
	return true;
}

/* Has some found dependency Z -> rhs a left side Z within x? */
static bool
found_within(const FddState *st, const FdsetWord *x, int rhs)
{
	int			i;

	for (i = st->found_head[rhs]; i >= 0; i = st->found_next[i])
		if (fdset_attrs_subset(st->found_lhs + (size_t) i * st->nw, x, st->nw))
			return true;
	return false;
}

/*
 * Test the dependencies X \ {A} -> A of every node of cur against the
 * level below (prev; NULL for the first level, whose only subset is the
 * empty set with error empty_error), then drop what needs no supersets.
 */
static FdsetStatus
level_compute(FddState *st, FddLevel *cur, const FddLevel *prev,
			  int64_t empty_error, int size)
{
	int			nw = st->nw;
	FdsetWord  *sub = st->scratch;
	int			i,
				a,
				b;

	for (i = 0; i < cur->n; i++)
	{
		FddNode    *x = &cur->nodes[i];

		if (fdd_interrupted(st))
			return FDSET_ERR_INTERRUPTED;

		/* C+(X) is the intersection of C+(X \ {A}) over A in X */
		fdset_attrs_fill(x->cplus, st->ncols);
		if (prev != NULL)
		{
			for (a = -1; (a = fdset_attrs_next(x->set, nw, a)) >= 0;)
			{
				FddNode    *y;

				fdset_attrs_copy(sub, x->set, nw);
				fdset_attrs_del(sub, a);
				y = level_find(st, prev, sub);
				if (y == NULL)
				{
					/* cannot happen: the level was built from live nodes */
					snprintf(st->env->errmsg, sizeof(st->env->errmsg),
							 "A subset of a lattice node is missing.");
					return FDSET_ERR_INVALID;
				}
				fdset_attrs_intersect(x->cplus, y->cplus, nw);
			}
		}

		/* X \ {A} -> A for each A of X still in C+(X) */
		for (a = -1; (a = fdset_attrs_next(x->set, nw, a)) >= 0;)
		{
			int64_t		suberror;

			if (!fdset_attrs_member(x->cplus, a))
				continue;
			fdset_attrs_copy(sub, x->set, nw);
			fdset_attrs_del(sub, a);
			if (prev != NULL)
				suberror = level_find(st, prev, sub)->error;
			else
				suberror = empty_error;
			if (suberror != x->error)
				continue;
			if (!found_add(st, sub, a))
				return FDSET_ERR_NOMEM;
			fdset_attrs_del(x->cplus, a);
			/* nothing outside X is worth testing under X any more */
			for (b = 0; b < st->ncols; b++)
				if (!fdset_attrs_member(x->set, b))
					fdset_attrs_del(x->cplus, b);
		}
	}

	/*
	 * Prune, once every node of the level has been tested: key pruning
	 * relies on all dependencies with a left side of size - 1 being known.
	 */
	for (i = 0; i < cur->n; i++)
	{
		FddNode    *x = &cur->nodes[i];

		if (x->error == 0)
		{
			if (st->max_lhs < 0 || size <= st->max_lhs)
			{
				for (a = 0; a < st->ncols; a++)
				{
					if (fdset_attrs_member(x->set, a) ||
						found_within(st, x->set, a))
						continue;
					if (!found_add(st, x->set, a))
						return FDSET_ERR_NOMEM;
				}
			}
			x->alive = false;
		}
		else if (fdset_attrs_is_empty(x->cplus, nw))
			x->alive = false;
	}
	return FDSET_OK;
}

static int
node_cmp(const void *pa, const void *pb, void *arg)
{
	return fdset_attrs_cmp(((const FddNode *) pa)->set,
						   ((const FddNode *) pb)->set, *(int *) arg);
}

/* insertion into sorted order; levels are small enough between prunes */
static void
sort_nodes(FddNode *nodes, int n, int nw)
{
	int			i,
				j;

	for (i = 1; i < n; i++)
	{
		FddNode		tmp = nodes[i];

		for (j = i; j > 0 && node_cmp(&nodes[j - 1], &tmp, &nw) > 0; j--)
			nodes[j] = nodes[j - 1];
		nodes[j] = tmp;
	}
}

/* the highest attribute of a non-empty set */
static int
attrs_last(const FdsetWord *s, int nw)
{
	int			a,
				last = -1;

	for (a = -1; (a = fdset_attrs_next(s, nw, a)) >= 0;)
		last = a;
	return last;
}

/*
 * Build the next level from the live nodes of cur: join two sets that
 * differ only in their highest attribute, and keep the union when every
 * subset one smaller is alive (apriori).
 */
static FdsetStatus
level_next(FddState *st, FddLevel *cur, FddLevel *next)
{
	int			nw = st->nw;
	FdsetWord  *x = st->scratch;
	FdsetWord  *sub;
	int			i,
				j,
				n,
				a,
				blockstart;
	FdsetStatus status = FDSET_OK;

	sub = fdd_alloc(st, sizeof(FdsetWord) * nw);
	if (sub == NULL)
		return FDSET_ERR_NOMEM;

	/* compact the live nodes to the front, in set order */
	for (i = 0, n = 0; i < cur->n; i++)
	{
		if (cur->nodes[i].alive)
		{
			FddNode		tmp = cur->nodes[n];

			cur->nodes[n] = cur->nodes[i];
			cur->nodes[i] = tmp;
			n++;
		}
	}
	sort_nodes(cur->nodes, n, nw);
	/* the hash table indexes the old positions: rebuild it */
	fdd_free(st, cur->slots);
	if (!level_index(st, cur))
	{
		fdd_free(st, sub);
		return FDSET_ERR_NOMEM;
	}

	for (blockstart = 0; blockstart < n;)
	{
		int			blockend = blockstart + 1;

		/* a block: sets equal but for their highest attribute */
		fdset_attrs_copy(sub, cur->nodes[blockstart].set, nw);
		fdset_attrs_del(sub, attrs_last(sub, nw));
		while (blockend < n)
		{
			fdset_attrs_copy(x, cur->nodes[blockend].set, nw);
			fdset_attrs_del(x, attrs_last(x, nw));
			if (!fdset_attrs_equal(x, sub, nw))
				break;
			blockend++;
		}

		for (i = blockstart; i < blockend; i++)
		{
			for (j = i + 1; j < blockend; j++)
			{
				FddNode    *node;
				bool		ok = true;

				if (fdd_interrupted(st))
				{
					status = FDSET_ERR_INTERRUPTED;
					goto done;
				}
				fdset_attrs_copy(x, cur->nodes[i].set, nw);
				fdset_attrs_union(x, cur->nodes[j].set, nw);
				for (a = -1; ok && (a = fdset_attrs_next(x, nw, a)) >= 0;)
				{
					fdset_attrs_copy(sub, x, nw);
					fdset_attrs_del(sub, a);
					ok = level_find(st, cur, sub) != NULL;
				}
				if (!ok)
					continue;
				node = level_add(st, next, x);
				if (node == NULL)
				{
					status = FDSET_ERR_NOMEM;
					goto done;
				}
				if (!partition_product(st, node, &cur->nodes[i],
									   &cur->nodes[j]))
				{
					status = FDSET_ERR_NOMEM;
					goto done;
				}
			}
		}
		blockstart = blockend;
	}
	if (!level_index(st, next))
		status = FDSET_ERR_NOMEM;

done:
	fdd_free(st, sub);
	return status;
}

static int
out_cmp(const void *pa, const void *pb)
{
	const FddOut *a = pa;
	const FddOut *b = pb;
	int			c = fdset_attrs_cmp(a->lhs, b->lhs, a->nw);

	if (c != 0)
		return c;
	return (a->rhs > b->rhs) - (a->rhs < b->rhs);
}

/* Copy what was found into a new, sorted FdsetDeps. */
static FdsetStatus
collect(FddState *st, FdsetDeps **out)
{
	FddOut	   *order;
	FdsetDeps  *deps = NULL;
	FdsetWord  *rhs = st->scratch;
	FdsetStatus status;
	int			i;

	order = fdd_alloc(st, sizeof(FddOut) * (st->nfound > 0 ? st->nfound : 1));
	if (order == NULL)
		return FDSET_ERR_NOMEM;
	for (i = 0; i < st->nfound; i++)
	{
		order[i].lhs = st->found_lhs + (size_t) i * st->nw;
		order[i].rhs = st->found_rhs[i];
		order[i].nw = st->nw;
	}
	qsort(order, st->nfound, sizeof(FddOut), out_cmp);

	status = fdset_deps_create(st->env, st->ncols, &deps);
	for (i = 0; status == FDSET_OK && i < st->nfound; i++)
	{
		fdset_attrs_clear(rhs, st->nw);
		fdset_attrs_add(rhs, order[i].rhs);
		status = fdset_deps_add(st->env, deps, order[i].lhs, rhs);
	}
	fdd_free(st, order);
	if (status != FDSET_OK)
	{
		if (deps != NULL)
			fdset_deps_free(st->env, deps);
		return status;
	}
	*out = deps;
	return FDSET_OK;
}

FdsetStatus
fdd_discover(FdsetEnv *env, int nrows, int ncols,
			 const int32_t *const *codes, const int32_t *ncodes,
			 int max_lhs, int64_t max_cells, FdsetDeps **out)
{
	FddState	st;
	FddLevel	levels[2];
	FddLevel   *prev = &levels[0],
			   *cur = &levels[1];
	FdsetStatus status = FDSET_OK;
	FdsetWord  *one = NULL;
	int			c,
				r,
				size;

	*out = NULL;
	env->errpos = -1;
	env->errmsg[0] = '\0';
	if (nrows < 0 || ncols < 0 || ncols > FDSET_MAX_ATTRS)
	{
		snprintf(env->errmsg, sizeof(env->errmsg),
				 "A table of %d rows and %d columns cannot be searched.",
				 nrows, ncols);
		return FDSET_ERR_INVALID;
	}
	for (c = 0; c < ncols; c++)
		for (r = 0; r < nrows; r++)
			if (codes[c][r] < 0 || codes[c][r] >= ncodes[c])
			{
				snprintf(env->errmsg, sizeof(env->errmsg),
						 "Code %d of row %d in column %d is out of range.",
						 codes[c][r], r, c);
				return FDSET_ERR_INVALID;
			}

	memset(&st, 0, sizeof(st));
	memset(levels, 0, sizeof(levels));
	st.env = env;
	st.nrows = nrows;
	st.ncols = ncols;
	st.nw = FDSET_WORDS(ncols) > 0 ? FDSET_WORDS(ncols) : 1;
	st.max_lhs = max_lhs;
	st.max_cells = max_cells > 0 ? max_cells : FDD_DEFAULT_MAX_CELLS;

	st.probe = fdd_alloc(&st, sizeof(int32_t) * (nrows + 1));
	st.count = fdd_alloc(&st, sizeof(int32_t) * (nrows + 1));
	st.pos = fdd_alloc(&st, sizeof(int32_t) * (nrows + 1));
	st.found_head = fdd_alloc(&st, sizeof(int) * (ncols > 0 ? ncols : 1));
	st.scratch = fdd_alloc(&st, sizeof(FdsetWord) * st.nw);
	one = fdd_alloc(&st, sizeof(FdsetWord) * st.nw);
	if (st.probe == NULL || st.count == NULL || st.pos == NULL ||
		st.found_head == NULL || st.scratch == NULL || one == NULL)
	{
		status = FDSET_ERR_NOMEM;
		goto done;
	}
	for (r = 0; r <= nrows; r++)
	{
		st.probe[r] = -1;
		st.count[r] = 0;
		st.pos[r] = -1;
	}
	for (c = 0; c < ncols; c++)
		st.found_head[c] = -1;

	/* the first level: one node per column */
	for (c = 0; c < ncols; c++)
	{
		FddNode    *node;

		fdset_attrs_clear(one, st.nw);
		fdset_attrs_add(one, c);
		node = level_add(&st, cur, one);
		if (node == NULL || !partition_column(&st, node, codes[c], ncodes[c]))
		{
			status = FDSET_ERR_NOMEM;
			goto done;
		}
	}
	if (!level_index(&st, cur))
	{
		status = FDSET_ERR_NOMEM;
		goto done;
	}

	/*
	 * Level by level: the sets of size "size" test left sides of size - 1,
	 * so the walk ends past max_lhs + 1.  e(empty set) is nrows - 1: all
	 * rows in one class.
	 */
	for (size = 1; cur->n > 0; size++)
	{
		status = level_compute(&st, cur, size == 1 ? NULL : prev,
							   nrows > 1 ? nrows - 1 : 0, size);
		if (status != FDSET_OK)
			goto done;
		level_free(&st, prev);
		if (max_lhs >= 0 && size > max_lhs)
			break;
		status = level_next(&st, cur, prev);
		if (status != FDSET_OK)
			goto done;
		/* the new level needs the errors and C+ of cur, not its rows */
		for (c = 0; c < cur->n; c++)
			node_free_partition(&st, &cur->nodes[c]);
		{
			FddLevel   *t = prev;

			prev = cur;
			cur = t;
		}
	}

	status = collect(&st, out);

done:
	level_free(&st, &levels[0]);
	level_free(&st, &levels[1]);
	fdd_free(&st, st.probe);
	fdd_free(&st, st.count);
	fdd_free(&st, st.pos);
	fdd_free(&st, st.found_head);
	fdd_free(&st, st.scratch);
	fdd_free(&st, st.found_lhs);
	fdd_free(&st, st.found_rhs);
	fdd_free(&st, st.found_next);
	fdd_free(&st, one);
	return status;
}
