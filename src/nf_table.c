/*-------------------------------------------------------------------------
 *
 * nf_table.c
 *	  A table as the normal-form checker sees it, and the binding of the
 *	  pure-C dependency core to the backend.
 *
 * nf_table_open() gathers what the report and the decomposition both
 * need: the live columns, numbered 0 .. n-1 in column order; the unique
 * indexes, each marked as a key or not with the reason; the declared
 * dependencies bound to the current columns, stale ones marked; and the
 * dependency list handed to the core, in which every key K of a
 * constraint contributes K -> (all columns).
 *
 * The core allocates through the FdsetEnv set up here: palloc in the
 * current memory context, so that an error thrown anywhere loses
 * nothing, and CHECK_FOR_INTERRUPTS() in its long loops, so that a
 * cancel or statement_timeout stops even a runaway key enumeration.
 *
 * IDENTIFICATION
 *	  sysdesign/src/nf_table.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/relation.h"
#include "catalog/pg_class.h"
#include "catalog/pg_index.h"
#include "catalog/pg_type.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/syscache.h"
#include "utils/typcache.h"

#include "normalize.h"

/* sysdesign.max_candidate_keys */
int			nf_max_candidate_keys = FDSET_DEFAULT_MAX_KEYS;

static void *nf_alloc(size_t size, void *arg);
static void nf_release(void *ptr, void *arg);
static bool nf_interrupt(void *arg);
static int	nf_cliplen(const char *s, int len, int limit);
static int	nf_index_cmp(const ListCell *a, const ListCell *b);
static void nf_read_indexes(NfTable *t, Relation rel);
static void nf_bind_declarations(NfTable *t, Oid catnsp);
static int	nf_find_column(NfTable *t, const char *name);

/*
 * nf_define_gucs
 *
 * Define the checker's settings; called from _PG_init.
 */
void
nf_define_gucs(void)
{
	DefineCustomIntVariable("sysdesign.max_candidate_keys",
							gettext_noop("Sets the largest number of candidate keys the normal-form checker enumerates."),
							gettext_noop("A table whose declared dependencies give it more candidate keys than this is refused with an error instead of being analyzed."),
							&nf_max_candidate_keys,
							FDSET_DEFAULT_MAX_KEYS,
							1, 1000000,
							PGC_USERSET,
							0,
							NULL, NULL, NULL);
}

/* The allocator of the core: huge allocations allowed, NULL on failure. */
static void *
nf_alloc(size_t size, void *arg)
{
	return MemoryContextAllocExtended((MemoryContext) arg, Max(size, 1),
									  MCXT_ALLOC_HUGE | MCXT_ALLOC_NO_OOM);
}

/* The release function of the core; pfree() would not take NULL. */
static void
nf_release(void *ptr, void *arg)
{
	if (ptr != NULL)
		pfree(ptr);
}

/* The interrupt callback of the core: throw, never ask it to stop. */
static bool
nf_interrupt(void *arg)
{
	CHECK_FOR_INTERRUPTS();
	return false;
}

/* Truncate identifiers the way the server encoding requires. */
static int
nf_cliplen(const char *s, int len, int limit)
{
	return pg_mbcliplen(s, len, limit);
}

/*
 * nf_env_init
 *
 * Point the core at the current memory context, which must outlive every
 * object the core returns.
 */
void
nf_env_init(FdsetEnv *env)
{
	fdset_env_init(env);
	env->alloc = nf_alloc;
	env->release = nf_release;
	env->alloc_arg = CurrentMemoryContext;
	env->interrupt = nf_interrupt;
	env->interrupt_arg = NULL;
	env->cliplen = nf_cliplen;
	env->fold_high_bit = pg_database_encoding_max_length() == 1;
	env->max_keys = nf_max_candidate_keys;
}

/*
 * nf_core_check
 *
 * Turn a failure of the core into an error.  The core's message is a
 * complete sentence, fit for the detail.
 */
void
nf_core_check(FdsetStatus status, FdsetEnv *env)
{
	switch (status)
	{
		case FDSET_OK:
			return;
		case FDSET_ERR_NOMEM:
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("out of memory"),
					 errdetail("%s", env->errmsg)));
			break;
		case FDSET_ERR_KEY_LIMIT:
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many candidate keys"),
					 errdetail("%s", env->errmsg),
					 errhint("Check the declared dependencies with the view fd_declarations, or raise sysdesign.max_candidate_keys.")));
			break;
		case FDSET_ERR_PROJECTION_LIMIT:
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("the decomposition needs too many dependencies"),
					 errdetail("%s", env->errmsg),
					 errhint("Declare fewer or simpler dependencies.")));
			break;
		case FDSET_ERR_SYNTAX:
			ereport(ERROR,
					(errcode(ERRCODE_SYNTAX_ERROR),
					 errmsg("invalid functional dependency"),
					 errdetail("%s", env->errmsg)));
			break;
		case FDSET_ERR_INVALID:
		case FDSET_ERR_INTERRUPTED:
			elog(ERROR, "functional dependency core failed: %s: %s",
				 fdset_status_name(status), env->errmsg);
			break;
	}
	elog(ERROR, "unexpected status %d of the functional dependency core",
		 (int) status);
}

/*
 * nf_check_relkind
 *
 * The checker works on relations that store rows and can carry unique
 * indexes: tables, partitioned tables, foreign tables and materialized
 * views.
 */
void
nf_check_relkind(Relation rel)
{
	char		relkind = rel->rd_rel->relkind;

	if (relkind != RELKIND_RELATION &&
		relkind != RELKIND_PARTITIONED_TABLE &&
		relkind != RELKIND_FOREIGN_TABLE &&
		relkind != RELKIND_MATVIEW)
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("\"%s\" is not a table", RelationGetRelationName(rel)),
				 errdetail("The normal-form checker works on tables, partitioned tables, foreign tables and materialized views.")));
}

/*
 * nf_table_open
 *
 * Read everything the checker needs about relid, which the caller has
 * not locked.  The table stays locked (AccessShareLock) until the end of
 * the transaction, so that the columns cannot change under the analysis.
 * The result lives in the current memory context.
 */
NfTable *
nf_table_open(Oid catnsp, Oid relid)
{
	NfTable    *t = palloc0(sizeof(NfTable));
	Relation	rel;
	TupleDesc	desc;
	ListCell   *lc;
	FdsetStatus status;

	rel = relation_open(relid, AccessShareLock);
	nf_check_relkind(rel);

	t->relid = relid;
	t->relkind = rel->rd_rel->relkind;
	t->relname = pstrdup(RelationGetRelationName(rel));
	t->nspname = get_namespace_name(RelationGetNamespace(rel));
	t->qualname = quote_qualified_identifier(t->nspname, t->relname);

	/* The live columns, in column order. */
	desc = RelationGetDescr(rel);
	t->attname = palloc0(sizeof(char *) * Max(desc->natts, 1));
	t->atttype = palloc0(sizeof(Oid) * Max(desc->natts, 1));
	t->atttypmod = palloc0(sizeof(int32) * Max(desc->natts, 1));
	t->attcollation = palloc0(sizeof(Oid) * Max(desc->natts, 1));
	t->attnotnull = palloc0(sizeof(bool) * Max(desc->natts, 1));
	t->attnum = palloc0(sizeof(AttrNumber) * Max(desc->natts, 1));
	for (int i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);

		if (att->attisdropped)
			continue;
		t->attname[t->natts] = pstrdup(NameStr(att->attname));
		t->atttype[t->natts] = att->atttypid;
		t->atttypmod[t->natts] = att->atttypmod;
		t->attcollation[t->natts] = att->attcollation;
		t->attnotnull[t->natts] = att->attnotnull;
		t->attnum[t->natts] = att->attnum;
		t->natts++;
	}
	if (t->natts == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("table \"%s\" has no columns", t->relname),
				 errdetail("Normal forms are about dependencies between columns.")));
	t->nwords = FDSET_WORDS(t->natts);

	nf_env_init(&t->env);
	nf_read_indexes(t, rel);
	nf_bind_declarations(t, catnsp);

	/* The dependencies the core works on: keys first, then declarations. */
	status = fdset_deps_create(&t->env, t->natts, &t->deps);
	nf_core_check(status, &t->env);
	foreach(lc, t->indexes)
	{
		NfIndexKey *k = lfirst(lc);
		FdsetWord  *all = palloc0(sizeof(FdsetWord) * t->nwords);

		if (!k->is_key)
			continue;
		fdset_attrs_fill(all, t->natts);
		status = fdset_deps_add(&t->env, t->deps, k->attrs, all);
		nf_core_check(status, &t->env);
	}
	foreach(lc, t->bound)
	{
		NfBound    *b = lfirst(lc);

		if (b->stale)
			continue;
		status = fdset_deps_add(&t->env, t->deps, b->lhs, b->rhs);
		nf_core_check(status, &t->env);
	}

	relation_close(rel, NoLock);
	return t;
}

/* Order indexes by name, so that the report is stable. */
static int
nf_index_cmp(const ListCell *a, const ListCell *b)
{
	const NfIndexKey *ka = lfirst(a);
	const NfIndexKey *kb = lfirst(b);

	return strcmp(ka->name, kb->name);
}

/*
 * nf_read_indexes
 *
 * Collect the unique indexes of the table.  A PRIMARY KEY always makes a
 * key.  Another unique index makes one only when it is valid, has no
 * expression and no predicate, and every column is NOT NULL: unique
 * indexes let any number of rows hold NULL, and such rows are not told
 * apart by the indexed columns.
 */
static void
nf_read_indexes(NfTable *t, Relation rel)
{
	List	   *indexoids = RelationGetIndexList(rel);
	ListCell   *lc;

	foreach(lc, indexoids)
	{
		Oid			indexoid = lfirst_oid(lc);
		HeapTuple	tup;
		Form_pg_index idx;
		NfIndexKey *k;
		bool		plain = true;
		bool		nulls_equal = false;
		char	   *nullable = NULL;

		tup = SearchSysCache1(INDEXRELID, ObjectIdGetDatum(indexoid));
		if (!HeapTupleIsValid(tup))
			elog(ERROR, "cache lookup failed for index %u", indexoid);
		idx = (Form_pg_index) GETSTRUCT(tup);
		if (!idx->indisunique)
		{
			ReleaseSysCache(tup);
			continue;
		}

#if PG_VERSION_NUM >= 150000
		nulls_equal = idx->indnullsnotdistinct;
#endif
		k = palloc0(sizeof(NfIndexKey));
		k->name = get_rel_name(indexoid);
		k->is_primary = idx->indisprimary;
		k->attrs = palloc0(sizeof(FdsetWord) * t->nwords);
		k->cols = palloc0(sizeof(int) * Max(idx->indnkeyatts, 1));

		/* Only the key columns count; INCLUDE columns are payload. */
		for (int i = 0; i < idx->indnkeyatts; i++)
		{
			AttrNumber	attnum = idx->indkey.values[i];
			int			col = -1;

			for (int c = 0; c < t->natts; c++)
				if (t->attnum[c] == attnum)
					col = c;
			if (attnum == 0 || col < 0)
			{
				plain = false;
				continue;
			}
			fdset_attrs_add(k->attrs, col);
			k->cols[k->nattrs++] = col;
			if (!t->attnotnull[col] && nullable == NULL)
				nullable = t->attname[col];
		}

		if (!idx->indisvalid)
			k->why_not = psprintf("Unique index %s is not valid, so it does not guarantee unique rows.",
								  quote_identifier(k->name));
		else if (!plain)
			k->why_not = psprintf("Unique index %s indexes expressions, not plain columns.",
								  quote_identifier(k->name));
		else if (!heap_attisnull(tup, Anum_pg_index_indpred, NULL))
			k->why_not = psprintf("Unique index %s is partial: it makes its columns unique only in the rows its WHERE clause selects.",
								  quote_identifier(k->name));
		else if (nullable != NULL && !k->is_primary && nulls_equal)
			k->why_not = psprintf("Unique index %s treats NULLs as equal, but it is not a key: column %s may be NULL, and a key column may not.",
								  quote_identifier(k->name),
								  quote_identifier(nullable));
		else if (nullable != NULL && !k->is_primary)
			k->why_not = psprintf("Unique index %s is not a key, because column %s may be NULL: rows with NULL there are not told apart.",
								  quote_identifier(k->name),
								  quote_identifier(nullable));
		k->is_key = k->why_not == NULL;
		if (k->is_primary)
			t->has_primary = true;
		if (k->is_key)
			t->has_key = true;
		t->indexes = lappend(t->indexes, k);
		ReleaseSysCache(tup);
	}
	list_sort(t->indexes, nf_index_cmp);
	list_free(indexoids);
}

/*
 * nf_stale_error
 *
 * Refuse to go on with a table whose declarations name columns it no
 * longer has: a result that silently ignored them would be wrong.
 */
void
nf_stale_error(NfTable *t)
{
	ereport(ERROR,
			(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			 errmsg("table \"%s\" has declared dependencies on columns it no longer has",
					t->relname),
			 errdetail("Columns named in declarations were renamed or dropped after the declarations were made."),
			 errhint("nf_report() lists the stale declarations; undeclare them, or declare them again with the current column names.")));
}

/* nf_find_column: the column number of a name, or -1. */
static int
nf_find_column(NfTable *t, const char *name)
{
	for (int c = 0; c < t->natts; c++)
		if (strcmp(t->attname[c], name) == 0)
			return c;
	return -1;
}

/*
 * nf_bind_declarations
 *
 * Map the names of each declaration to the current columns.  A name that
 * matches no column makes the declaration stale; it is kept in the list,
 * and left out of the dependencies, so that the report can name it.
 */
static void
nf_bind_declarations(NfTable *t, Oid catnsp)
{
	List	   *decls = nf_catalog_read(catnsp, t->relid);
	ListCell   *lc;

	foreach(lc, decls)
	{
		NfDeclaration *d = lfirst(lc);
		NfBound    *b = palloc0(sizeof(NfBound));

		b->decl = d;
		b->lhs = palloc0(sizeof(FdsetWord) * t->nwords);
		b->rhs = palloc0(sizeof(FdsetWord) * t->nwords);
		for (int side = 0; side < 2; side++)
		{
			char	  **names = side == 0 ? d->lhs : d->rhs;
			int			n = side == 0 ? d->nlhs : d->nrhs;

			for (int i = 0; i < n; i++)
			{
				int			col = nf_find_column(t, names[i]);

				if (col < 0)
				{
					b->stale = true;
					b->missing = lappend(b->missing, names[i]);
				}
				else
					fdset_attrs_add(side == 0 ? b->lhs : b->rhs, col);
			}
		}
		if (b->stale)
			t->nstale++;
		t->bound = lappend(t->bound, b);
	}
}

/*
 * nf_group_expr
 *
 * A column as it can be grouped: itself, or its text form when its type
 * has no equality that GROUP BY and DISTINCT can use (json, point, xml).
 */
char *
nf_group_expr(NfTable *t, int col)
{
	TypeCacheEntry *tce;

	tce = lookup_type_cache(t->atttype[col],
							TYPECACHE_EQ_OPR | TYPECACHE_LT_OPR |
							TYPECACHE_HASH_PROC);
	if (OidIsValid(tce->eq_opr) &&
		(OidIsValid(tce->lt_opr) || OidIsValid(tce->hash_proc)))
		return (char *) quote_identifier(t->attname[col]);

	/*
	 * XXX: the text form tells apart values that the type may consider
	 * equal, such as json documents that differ only in white space.
	 */
	return psprintf("%s::text", quote_identifier(t->attname[col]));
}

/* The columns of set as a grouping list, "a, b::text". */
char *
nf_group_list(NfTable *t, const FdsetWord *set)
{
	StringInfoData buf;
	bool		first = true;

	initStringInfo(&buf);
	for (int c = fdset_attrs_next(set, t->nwords, -1); c >= 0;
		 c = fdset_attrs_next(set, t->nwords, c))
	{
		appendStringInfo(&buf, "%s%s", first ? "" : ", ",
						 nf_group_expr(t, c));
		first = false;
	}
	return buf.data;
}

/*
 * nf_attr_names
 *
 * The names of the columns in set, in column order, as a palloc'd array;
 * *n receives their number.
 */
char **
nf_attr_names(NfTable *t, const FdsetWord *set, int *n)
{
	char	  **names = palloc(sizeof(char *) * t->natts);
	int			count = 0;

	for (int c = fdset_attrs_next(set, t->nwords, -1); c >= 0;
		 c = fdset_attrs_next(set, t->nwords, c))
		names[count++] = t->attname[c];
	*n = count;
	return names;
}

/* nf_attr_array: the columns in set as a text[] datum. */
Datum
nf_attr_array(NfTable *t, const FdsetWord *set)
{
	int			n;
	char	  **names = nf_attr_names(t, set, &n);

	return nf_names_datum(names, n);
}

/* nf_names_datum: names as a text[] datum. */
Datum
nf_names_datum(char **names, int n)
{
	Datum	   *elems = palloc(sizeof(Datum) * Max(n, 1));

	for (int i = 0; i < n; i++)
		elems[i] = CStringGetTextDatum(names[i]);
	return PointerGetDatum(construct_array_builtin(elems, n, TEXTOID));
}

/* nf_attr_list: the columns in set as "a, \"Odd Col\"". */
char *
nf_attr_list(NfTable *t, const FdsetWord *set)
{
	int			n;
	char	  **names = nf_attr_names(t, set, &n);

	return nf_format_names(names, n);
}
