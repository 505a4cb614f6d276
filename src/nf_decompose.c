/*-------------------------------------------------------------------------
 *
 * nf_decompose.c
 *	  nf_decompose(): a table split into 3NF or BCNF, as runnable SQL.
 *
 * The core computes the relations (Bernstein's 3NF synthesis, or the
 * classic BCNF decomposition) and a key for each.  This file turns them
 * into rows a person can read and run in order of seq:
 *
 *	 relation	   CREATE TABLE with the source columns' types, collations
 *				   and NOT NULL, a PRIMARY KEY, a UNIQUE constraint for
 *				   every other candidate key of the new table, and a
 *				   REFERENCES clause to every other new table whose
 *				   primary key it holds;
 *	 data		   INSERT ... SELECT DISTINCT from the old table;
 *	 foreign key   the references that would close a cycle, added after
 *				   the data;
 *	 rename, view  the old table renamed aside and a view in its place,
 *				   with its name and columns, joining the new tables;
 *	 dependency	   every declared dependency that the new keys do not
 *				   enforce by themselves, and for BCNF those that no
 *				   table can enforce at all;
 *	 lossless	   the result of the chase.
 *
 * A new table is named after its key: the key columns with a trailing
 * "_id" removed, joined by "_" (course_id gives "course"), made unique
 * against the other new tables and the relations already in the target
 * schema.  A table keyed by a bare "id" is named after the old table.
 *
 * IDENTIFICATION
 *	  sysdesign/src/nf_decompose.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <ctype.h>

#include "catalog/namespace.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/ruleutils.h"

#include "normalize.h"

#define NF_DEC_NCOLUMNS 7

/* One new table. */
typedef struct NfNewRel
{
	FdsetWord  *attrs;
	FdsetWord  *pkey;
	FdsetSets  *keys;			/* every candidate key, pkey among them */
	char	   *name;			/* unquoted */
	char	   *qualname;		/* quoted, qualified */
	int		   *refs;			/* the tables it references */
	FdsetWord **refkey;			/* per refs entry: the key it references */
	bool	   *deferred;		/* per refs entry: added after the data */
	int			nrefs;
	bool		placed;
} NfNewRel;

/* The rows being built. */
typedef struct NfDecRows
{
	NfTable    *t;
	Tuplestorestate *store;
	TupleDesc	desc;
	int			seq;
} NfDecRows;

static void nf_emit(NfDecRows *rows, const char *kind, const char *relation,
					const FdsetWord *columns, const FdsetWord *key,
					const char *statement, const char *note);
static char *nf_stem(const char *col);
static char *nf_pick_name(NfTable *t, Oid nspid, List *used,
						  const char *base);
static void nf_table_keys(NfTable *t, NfNewRel *r);
static char *nf_relation_note(NfTable *t, NfNewRel *r);
static FdsetWord *nf_held_key(NfTable *t, NfNewRel *r,
							  const FdsetWord *cols);
static char *nf_create_table(NfTable *t, NfNewRel *rels, int i);
static char *nf_base_name(NfTable *t, const FdsetWord *pkey);
static int *nf_order_tables(NfNewRel *rels, int nrels);
static void nf_emit_data(NfDecRows *rows, NfNewRel *r);
static char *nf_view_sql(NfTable *t, NfNewRel *rels, int nrels,
						 FdsetClosure *cl);
static void nf_emit_dependencies(NfDecRows *rows, FdsetDecomposition *dec,
								 NfNewRel *rels, int nrels);

/*
 * nf_emit
 *
 * Put one row.  columns and key may be NULL, and so may statement and
 * note.
 */
static void
nf_emit(NfDecRows *rows, const char *kind, const char *relation,
		const FdsetWord *columns, const FdsetWord *key,
		const char *statement, const char *note)
{
	Datum		values[NF_DEC_NCOLUMNS];
	bool		nulls[NF_DEC_NCOLUMNS];

	memset(nulls, 0, sizeof(nulls));
	values[0] = Int32GetDatum(++rows->seq);
	values[1] = CStringGetTextDatum(kind);
	if (relation)
		values[2] = CStringGetTextDatum(relation);
	else
		nulls[2] = true;
	if (columns)
		values[3] = nf_attr_array(rows->t, columns);
	else
		nulls[3] = true;
	if (key)
		values[4] = nf_attr_array(rows->t, key);
	else
		nulls[4] = true;
	if (statement)
		values[5] = CStringGetTextDatum(statement);
	else
		nulls[5] = true;
	if (note)
		values[6] = CStringGetTextDatum(note);
	else
		nulls[6] = true;
	tuplestore_putvalues(rows->store, rows->desc, values, nulls);
}

/*
 * nf_stem
 *
 * A column name without a trailing "_id", " id" or camel-case "Id":
 * course_id and courseId give "course".  Other names stay as they are.
 */
static char *
nf_stem(const char *col)
{
	size_t		len = strlen(col);

	if (len > 3 && (col[len - 3] == '_' || col[len - 3] == ' ') &&
		pg_strcasecmp(col + len - 2, "id") == 0)
		return pnstrdup(col, len - 3);
	if (len > 2 && col[len - 2] == 'I' && col[len - 1] == 'd' &&
		islower((unsigned char) col[len - 3]))
		return pnstrdup(col, len - 2);
	return pstrdup(col);
}

/*
 * nf_pick_name
 *
 * base, or base_2, base_3 ..., whichever is the first name not used by a
 * new table, by the old table, or by a relation in the target schema.
 * Names are clipped to NAMEDATALEN - 1 bytes without splitting a
 * character.
 */
static char *
nf_pick_name(NfTable *t, Oid nspid, List *used, const char *base)
{
	for (int n = 1;; n++)
	{
		char		suffix[16];
		int			room;
		char	   *name;
		bool		taken;
		ListCell   *lc;

		CHECK_FOR_INTERRUPTS();
		suffix[0] = '\0';
		if (n > 1)
			snprintf(suffix, sizeof(suffix), "_%d", n);
		room = NAMEDATALEN - 1 - (int) strlen(suffix);
		room = pg_mbcliplen(base, strlen(base), room);
		name = psprintf("%.*s%s", room, base, suffix);

		taken = OidIsValid(get_relname_relid(name, nspid)) ||
			strcmp(name, t->relname) == 0;
		foreach(lc, used)
			taken = taken || strcmp(lfirst(lc), name) == 0;
		if (!taken)
			return name;
	}
}

/*
 * nf_table_keys
 *
 * Every candidate key of a new table, from the dependencies projected
 * onto its columns.  The primary key chosen by the core is one of them;
 * the others become UNIQUE constraints.
 */
static void
nf_table_keys(NfTable *t, NfNewRel *r)
{
	FdsetStatus status;

	status = fdset_candidate_keys_within(&t->env, t->deps, r->attrs,
										 &r->keys);
	nf_core_check(status, &t->env);
}

/*
 * nf_relation_note
 *
 * What a new table holds, in words: the dependency its primary key
 * enforces, or, for a table whose key is all its columns, the
 * association it records.
 */
static char *
nf_relation_note(NfTable *t, NfNewRel *r)
{
	FdsetWord  *rest = palloc(sizeof(FdsetWord) * t->nwords);

	fdset_attrs_copy(rest, r->attrs, t->nwords);
	fdset_attrs_minus(rest, r->pkey, t->nwords);
	if (fdset_attrs_is_empty(rest, t->nwords))
		return psprintf("Records which %s go together; its key is all its columns.",
						nf_attr_list(t, r->attrs));
	return psprintf("Holds %s -> %s, enforced by its primary key.",
					nf_attr_list(t, r->pkey), nf_attr_list(t, rest));
}

/*
 * nf_held_key
 *
 * A key of new table r whose columns all lie in cols: its primary key
 * when that fits, else the first other candidate key that does, else
 * NULL.  Another table holding such a key can reference r by it, and the
 * view can look r up by it.
 */
static FdsetWord *
nf_held_key(NfTable *t, NfNewRel *r, const FdsetWord *cols)
{
	if (fdset_attrs_subset(r->pkey, cols, t->nwords))
		return r->pkey;
	for (int k = 0; k < r->keys->nsets; k++)
		if (fdset_attrs_subset(fdset_set(r->keys, k), cols, t->nwords))
			return fdset_set(r->keys, k);
	return NULL;
}

/*
 * nf_create_table
 *
 * The CREATE TABLE statement of new table i, with the references to the
 * tables placed before it.
 */
static char *
nf_create_table(NfTable *t, NfNewRel *rels, int i)
{
	NfNewRel   *r = &rels[i];
	StringInfoData buf;
	bool		first = true;

	initStringInfo(&buf);
	appendStringInfo(&buf, "CREATE TABLE %s (", r->qualname);
	for (int c = fdset_attrs_next(r->attrs, t->nwords, -1); c >= 0;
		 c = fdset_attrs_next(r->attrs, t->nwords, c))
	{
		Oid			coll = t->attcollation[c];

		appendStringInfo(&buf, "%s\n    %s %s", first ? "" : ",",
						 quote_identifier(t->attname[c]),
						 format_type_with_typemod(t->atttype[c],
												  t->atttypmod[c]));
		if (OidIsValid(coll) && coll != get_typcollation(t->atttype[c]))
			appendStringInfo(&buf, " COLLATE %s",
							 generate_collation_name(coll));
		if (t->attnotnull[c])
			appendStringInfoString(&buf, " NOT NULL");
		first = false;
	}
	appendStringInfo(&buf, ",\n    PRIMARY KEY (%s)",
					 nf_attr_list(t, r->pkey));
	for (int k = 0; k < r->keys->nsets; k++)
	{
		FdsetWord  *key = fdset_set(r->keys, k);

		if (!fdset_attrs_equal(key, r->pkey, t->nwords))
			appendStringInfo(&buf, ",\n    UNIQUE (%s)", nf_attr_list(t, key));
	}
	for (int j = 0; j < r->nrefs; j++)
	{
		NfNewRel   *ref = &rels[r->refs[j]];

		if (r->deferred[j])
			continue;
		appendStringInfo(&buf, ",\n    FOREIGN KEY (%s) REFERENCES %s (%s)",
						 nf_attr_list(t, r->refkey[j]), ref->qualname,
						 nf_attr_list(t, r->refkey[j]));
	}
	appendStringInfoString(&buf, "\n);");
	return buf.data;
}

/*
 * nf_base_name
 *
 * The name a new table would get before collisions are settled: the
 * stems of its key columns joined by "_".  A key that is a bare "id"
 * says nothing about the table; that table takes the old table's name
 * with "_base" (the old name itself goes to the view).
 */
static char *
nf_base_name(NfTable *t, const FdsetWord *pkey)
{
	StringInfoData base;
	bool		first = true;

	initStringInfo(&base);
	for (int c = fdset_attrs_next(pkey, t->nwords, -1); c >= 0;
		 c = fdset_attrs_next(pkey, t->nwords, c))
	{
		appendStringInfo(&base, "%s%s", first ? "" : "_",
						 nf_stem(t->attname[c]));
		first = false;
	}
	if (pg_strcasecmp(base.data, "id") == 0)
		return psprintf("%s_base", t->relname);
	return base.data;
}

/*
 * nf_order_tables
 *
 * The order in which to create the new tables: referenced tables first.
 * When every remaining table waits for another (a cycle, as when two
 * tables hold each other's key), the one most others wait for is created
 * anyway, and its references to tables not yet created are marked to be
 * added after the data.  Returns a palloc'd array of table numbers.
 */
static int *
nf_order_tables(NfNewRel *rels, int nrels)
{
	int		   *order = palloc(sizeof(int) * nrels);
	int			norder = 0;

	while (norder < nrels)
	{
		int			pick = -1;

		CHECK_FOR_INTERRUPTS();
		for (int i = 0; i < nrels && pick < 0; i++)
		{
			bool		ready = !rels[i].placed;

			for (int j = 0; j < rels[i].nrefs && ready; j++)
				ready = rels[rels[i].refs[j]].placed;
			if (ready)
				pick = i;
		}
		if (pick < 0)
		{
			int			best = -1;

			for (int i = 0; i < nrels; i++)
			{
				int			waiting = 0;

				if (rels[i].placed)
					continue;
				for (int k = 0; k < nrels; k++)
					for (int j = 0; j < rels[k].nrefs; j++)
						if (!rels[k].placed && rels[k].refs[j] == i)
							waiting++;
				if (waiting > best)
				{
					best = waiting;
					pick = i;
				}
			}
			for (int j = 0; j < rels[pick].nrefs; j++)
				rels[pick].deferred[j] = !rels[rels[pick].refs[j]].placed;
		}
		rels[pick].placed = true;
		order[norder++] = pick;
	}
	return order;
}

/*
 * nf_emit_data
 *
 * The INSERT ... SELECT DISTINCT that fills new table r from the old
 * table.  A primary key cannot hold NULL, so rows with NULL in the new
 * key are skipped; the view gives NULL back for the other columns of
 * such rows, and the note gives the query that finds rows where that
 * would lose a value.  DISTINCT needs an equality: columns without one
 * (json) are told apart by their text form, with DISTINCT ON.
 */
static void
nf_emit_data(NfDecRows *rows, NfNewRel *r)
{
	NfTable    *t = rows->t;
	char	   *cols = nf_attr_list(t, r->attrs);
	char	   *distinct;
	StringInfoData conds;
	StringInfoData nulls;
	StringInfoData lost;
	bool		nullable = false;
	FdsetWord  *rest = palloc(sizeof(FdsetWord) * t->nwords);

	initStringInfo(&conds);
	initStringInfo(&nulls);
	for (int c = fdset_attrs_next(r->pkey, t->nwords, -1); c >= 0;
		 c = fdset_attrs_next(r->pkey, t->nwords, c))
	{
		if (t->attnotnull[c])
			continue;
		appendStringInfo(&conds, "%s%s IS NOT NULL",
						 nullable ? " AND " : "",
						 quote_identifier(t->attname[c]));
		appendStringInfo(&nulls, "%s%s IS NULL",
						 nullable ? " OR " : "",
						 quote_identifier(t->attname[c]));
		nullable = true;
	}

	initStringInfo(&lost);
	if (nullable)
	{
		bool		first = true;

		fdset_attrs_copy(rest, r->attrs, t->nwords);
		fdset_attrs_minus(rest, r->pkey, t->nwords);
		appendStringInfo(&lost, "Rows where %s are skipped: a primary key cannot hold NULL.",
						 nulls.data);
		if (!fdset_attrs_is_empty(rest, t->nwords))
		{
			appendStringInfo(&lost, " Values they hold are lost if this finds rows: SELECT * FROM %s WHERE (%s) AND (",
							 t->qualname, nulls.data);
			for (int c = fdset_attrs_next(rest, t->nwords, -1); c >= 0;
				 c = fdset_attrs_next(rest, t->nwords, c))
			{
				appendStringInfo(&lost, "%s%s IS NOT NULL",
								 first ? "" : " OR ",
								 quote_identifier(t->attname[c]));
				first = false;
			}
			appendStringInfoString(&lost, ");");
		}
	}

	distinct = nf_group_list(t, r->attrs);
	if (strcmp(distinct, cols) == 0)
		distinct = pstrdup("DISTINCT");
	else
		distinct = psprintf("DISTINCT ON (%s)", distinct);

	nf_emit(rows, "data", r->qualname, r->attrs, NULL,
			psprintf("INSERT INTO %s (%s)\nSELECT %s %s FROM %s%s%s;",
					 r->qualname, cols, distinct, cols, t->qualname,
					 nullable ? "\nWHERE " : "", conds.data),
			nullable ? lost.data : NULL);
}

/*
 * nf_view_sql
 *
 * A view with the old table's name and columns over the new tables.  The
 * join starts from a table that holds a key of the old table; each step
 * then adds a table one of whose keys is already available, with a LEFT
 * JOIN on that key (a lookup, which keeps rows whose reference is NULL
 * and never multiplies rows), or else a table sharing columns, with an
 * inner join on them.
 */
static char *
nf_view_sql(NfTable *t, NfNewRel *rels, int nrels, FdsetClosure *cl)
{
	StringInfoData from;
	StringInfoData sel;
	FdsetWord  *have = palloc0(sizeof(FdsetWord) * t->nwords);
	FdsetWord  *all = palloc(sizeof(FdsetWord) * t->nwords);
	int		   *provider = palloc(sizeof(int) * t->natts);
	bool	   *joined = palloc0(sizeof(bool) * nrels);
	int			start = 0;

	fdset_attrs_fill(all, t->natts);
	for (int i = 0; i < nrels; i++)
		if (fdset_closure_reaches(cl, rels[i].attrs, all))
		{
			start = i;
			break;
		}

	initStringInfo(&from);
	appendStringInfo(&from, "\nFROM %s", rels[start].qualname);
	joined[start] = true;
	fdset_attrs_copy(have, rels[start].attrs, t->nwords);
	for (int c = 0; c < t->natts; c++)
		provider[c] = fdset_attrs_member(have, c) ? start : -1;

	for (int step = 1; step < nrels; step++)
	{
		int			next = -1;
		FdsetWord  *lookup = NULL;
		const FdsetWord *on;
		bool		first = true;

		CHECK_FOR_INTERRUPTS();
		for (int i = 0; i < nrels && next < 0; i++)
			if (!joined[i] &&
				(lookup = nf_held_key(t, &rels[i], have)) != NULL)
				next = i;
		for (int i = 0; i < nrels && next < 0; i++)
			if (!joined[i] &&
				fdset_attrs_overlap(rels[i].attrs, have, t->nwords))
				next = i;
		if (next < 0)
		{
			for (int i = 0; i < nrels && next < 0; i++)
				if (!joined[i])
					next = i;
			appendStringInfo(&from, "\nCROSS JOIN %s", rels[next].qualname);
		}
		else
		{
			FdsetWord  *shared = palloc(sizeof(FdsetWord) * t->nwords);

			if (lookup)
				on = lookup;
			else
			{
				fdset_attrs_copy(shared, rels[next].attrs, t->nwords);
				fdset_attrs_intersect(shared, have, t->nwords);
				on = shared;
			}
			appendStringInfo(&from, "\n%s %s ON ",
							 lookup ? "LEFT JOIN" : "JOIN",
							 rels[next].qualname);
			for (int c = fdset_attrs_next(on, t->nwords, -1); c >= 0;
				 c = fdset_attrs_next(on, t->nwords, c))
			{
				appendStringInfo(&from, "%s%s.%s = %s.%s",
								 first ? "" : " AND ",
								 quote_identifier(rels[next].name),
								 quote_identifier(t->attname[c]),
								 quote_identifier(rels[provider[c]].name),
								 quote_identifier(t->attname[c]));
				first = false;
			}
		}
		joined[next] = true;
		fdset_attrs_union(have, rels[next].attrs, t->nwords);
		for (int c = 0; c < t->natts; c++)
			if (provider[c] < 0 && fdset_attrs_member(have, c))
				provider[c] = next;
	}

	initStringInfo(&sel);
	appendStringInfo(&sel, "CREATE VIEW %s AS\nSELECT ", t->qualname);
	for (int c = 0; c < t->natts; c++)
		appendStringInfo(&sel, "%s%s.%s", c > 0 ? ", " : "",
						 quote_identifier(rels[provider[c]].name),
						 quote_identifier(t->attname[c]));
	appendStringInfo(&sel, "%s;", from.data);
	return sel.data;
}

/*
 * nf_emit_dependencies
 *
 * The dependencies that the new tables' keys do not enforce.  A
 * dependency of the cover is enforced when the candidate keys of the new
 * tables, each as K -> (its table), imply it.  Otherwise it is one of:
 * lost (no set of tables preserves it, which BCNF may cause); held
 * inside one table but not by a key of it (3NF keeps such dependencies
 * when their right side is prime); or preserved only across tables.
 * Each of these needs a trigger or an assertion to be kept.
 */
static void
nf_emit_dependencies(NfDecRows *rows, FdsetDecomposition *dec,
					 NfNewRel *rels, int nrels)
{
	NfTable    *t = rows->t;
	FdsetDeps  *keydeps;
	FdsetDeps  *cover;
	FdsetClosure *kcl;
	FdsetWord  *both = palloc(sizeof(FdsetWord) * t->nwords);
	FdsetStatus status;

	status = fdset_deps_create(&t->env, t->natts, &keydeps);
	nf_core_check(status, &t->env);
	for (int i = 0; i < nrels; i++)
		for (int k = 0; k < rels[i].keys->nsets; k++)
		{
			status = fdset_deps_add(&t->env, keydeps,
									fdset_set(rels[i].keys, k),
									rels[i].attrs);
			nf_core_check(status, &t->env);
		}
	status = fdset_closure_prepare(&t->env, keydeps, &kcl);
	nf_core_check(status, &t->env);
	status = fdset_canonical_cover(&t->env, t->deps, &cover);
	nf_core_check(status, &t->env);

	for (int f = 0; f < cover->nfds; f++)
	{
		FdsetWord  *x = fdset_lhs(cover, f);
		FdsetWord  *a = fdset_rhs(cover, f);
		bool		lost = false;
		int			inside = -1;
		char	   *fd;

		CHECK_FOR_INTERRUPTS();
		if (fdset_closure_reaches(kcl, x, a))
			continue;

		for (int l = 0; l < dec->lost->nfds && !lost; l++)
			lost = fdset_attrs_equal(fdset_lhs(dec->lost, l), x, t->nwords) &&
				fdset_attrs_subset(a, fdset_rhs(dec->lost, l), t->nwords);
		fdset_attrs_copy(both, x, t->nwords);
		fdset_attrs_union(both, a, t->nwords);
		for (int i = 0; i < nrels && inside < 0; i++)
			if (fdset_attrs_subset(both, rels[i].attrs, t->nwords))
				inside = i;

		fd = psprintf("%s -> %s", nf_attr_list(t, x), nf_attr_list(t, a));
		if (lost)
			nf_emit(rows, "dependency", NULL, a, x, NULL,
					psprintf("%s is not preserved: no new table holds all of its columns, and the new tables together do not imply it. Enforce it with a trigger that joins the tables, or accept that it is no longer checked.",
							 fd));
		else if (inside >= 0)
			nf_emit(rows, "dependency", rels[inside].qualname, a, x, NULL,
					psprintf("%s holds inside %s, but no key of that table enforces it. Enforce it with a trigger.",
							 fd, rels[inside].qualname));
		else
			nf_emit(rows, "dependency", NULL, a, x, NULL,
					psprintf("%s is preserved only across tables: the dependencies that hold in the new tables imply it together, but no key enforces it. Enforce it with a trigger that joins the tables.",
							 fd));
	}
}

PG_FUNCTION_INFO_V1(sysdesign_nf_decompose);

/*
 * sysdesign_nf_decompose
 *
 * nf_decompose(tbl regclass, target text, into_schema name,
 * with_data boolean, with_view boolean): see the file header.
 */
Datum
sysdesign_nf_decompose(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Oid			catnsp = nf_catalog_namespace(fcinfo);
	MemoryContext cxt;
	MemoryContext oldcxt;
	NfTable    *t;
	char	   *target;
	bool		bcnf;
	bool		with_data;
	bool		with_view;
	Oid			nspid;
	char	   *nspname;
	FdsetAnalysis *an;
	FdsetDecomposition *dec;
	FdsetClosure *cl;
	NfNewRel   *rels;
	int			nrels;
	int		   *order;
	List	   *used = NIL;
	NfDecRows	rows;
	FdsetStatus status;
	bool		lossless;

	for (int i = 0; i < 5; i++)
		if (i != 2 && PG_ARGISNULL(i))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("argument %d of nf_decompose must not be null",
							i + 1)));

	target = text_to_cstring(PG_GETARG_TEXT_PP(1));
	if (pg_strcasecmp(target, "3NF") == 0)
		bcnf = false;
	else if (pg_strcasecmp(target, "BCNF") == 0)
		bcnf = true;
	else
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unrecognized target normal form \"%s\"", target),
				 errhint("The target is \"3NF\" or \"BCNF\".")));
	with_data = PG_GETARG_BOOL(3);
	with_view = PG_GETARG_BOOL(4);

	InitMaterializedSRF(fcinfo, 0);
	cxt = AllocSetContextCreate(CurrentMemoryContext,
								"sysdesign decomposition context",
								ALLOCSET_DEFAULT_SIZES);
	oldcxt = MemoryContextSwitchTo(cxt);

	t = nf_table_open(catnsp, PG_GETARG_OID(0));
	if (PG_ARGISNULL(2))
		nspname = t->nspname;
	else
		nspname = NameStr(*PG_GETARG_NAME(2));
	nspid = get_namespace_oid(nspname, false);

	/* A stale declaration would make the result silently wrong. */
	if (t->nstale > 0)
		nf_stale_error(t);

	rows.t = t;
	rows.store = rsinfo->setResult;
	rows.desc = rsinfo->setDesc;
	rows.seq = 0;

	/* Nothing to do when the table is there already. */
	status = fdset_analyze(&t->env, t->deps, &an);
	nf_core_check(status, &t->env);
	if (an->highest == FDSET_NF_BCNF ||
		(!bcnf && an->highest == FDSET_NF_3))
	{
		nf_emit(&rows, "note", t->qualname, NULL, NULL, NULL,
				psprintf("%s is in %s already; there is nothing to decompose.",
						 t->qualname, fdset_normal_form_name(an->highest)));
		MemoryContextSwitchTo(oldcxt);
		MemoryContextDelete(cxt);
		return (Datum) 0;
	}

	if (bcnf)
		status = fdset_decompose_bcnf(&t->env, t->deps, &dec);
	else
		status = fdset_synthesize_3nf(&t->env, t->deps, &dec);
	nf_core_check(status, &t->env);
	nrels = dec->rels->nsets;

	/* Name the new tables and find all their keys. */
	rels = palloc0(sizeof(NfNewRel) * nrels);
	for (int i = 0; i < nrels; i++)
	{
		CHECK_FOR_INTERRUPTS();
		rels[i].attrs = fdset_set(dec->rels, i);
		rels[i].pkey = fdset_set(dec->keys, i);
		nf_table_keys(t, &rels[i]);
		rels[i].name = nf_pick_name(t, nspid, used,
									nf_base_name(t, rels[i].pkey));
		used = lappend(used, rels[i].name);
		rels[i].qualname = quote_qualified_identifier(nspname, rels[i].name);
	}

	/*
	 * Table i references table j when it holds a key of j: the primary
	 * key if it can, else another candidate key (a UNIQUE constraint).
	 */
	for (int i = 0; i < nrels; i++)
	{
		rels[i].refs = palloc(sizeof(int) * nrels);
		rels[i].refkey = palloc(sizeof(FdsetWord *) * nrels);
		rels[i].deferred = palloc0(sizeof(bool) * nrels);
		for (int j = 0; j < nrels; j++)
		{
			FdsetWord  *key = nf_held_key(t, &rels[j], rels[i].attrs);

			if (j == i || key == NULL)
				continue;
			rels[i].refs[rels[i].nrefs] = j;
			rels[i].refkey[rels[i].nrefs++] = key;
		}
	}

	order = nf_order_tables(rels, nrels);

	/* The statements, in the order they are to run. */
	for (int n = 0; n < nrels; n++)
	{
		int			i = order[n];

		nf_emit(&rows, "relation", rels[i].qualname, rels[i].attrs,
				rels[i].pkey, nf_create_table(t, rels, i),
				nf_relation_note(t, &rels[i]));
	}
	if (with_data)
		for (int n = 0; n < nrels; n++)
			nf_emit_data(&rows, &rels[order[n]]);
	for (int n = 0; n < nrels; n++)
	{
		NfNewRel   *r = &rels[order[n]];

		for (int j = 0; j < r->nrefs; j++)
		{
			NfNewRel   *ref = &rels[r->refs[j]];

			if (!r->deferred[j])
				continue;
			nf_emit(&rows, "foreign key", r->qualname, r->refkey[j], NULL,
					psprintf("ALTER TABLE %s ADD FOREIGN KEY (%s) REFERENCES %s (%s);",
							 r->qualname, nf_attr_list(t, r->refkey[j]),
							 ref->qualname, nf_attr_list(t, r->refkey[j])),
					NULL);
		}
	}

	/* The old name, now a view; the old table stays beside it. */
	status = fdset_closure_prepare(&t->env, t->deps, &cl);
	nf_core_check(status, &t->env);
	if (with_view)
	{
		char	   *aside = nf_pick_name(t, get_rel_namespace(t->relid),
										 used,
										 psprintf("%s_old", t->relname));

		nf_emit(&rows, "rename", t->qualname, NULL, NULL,
				psprintf("ALTER TABLE %s RENAME TO %s;", t->qualname,
						 quote_identifier(aside)),
				psprintf("The old table stays, as %s, until you drop it.",
						 quote_qualified_identifier(t->nspname, aside)));
		nf_emit(&rows, "view", t->qualname, NULL, NULL,
				nf_view_sql(t, rels, nrels, cl),
				"Existing queries of the old table keep working through this view.");
	}

	/* What the new keys leave unenforced, and the proof of losslessness. */
	nf_emit_dependencies(&rows, dec, rels, nrels);

	status = fdset_is_lossless(&t->env, t->deps, dec->rels, &lossless);
	nf_core_check(status, &t->env);
	nf_emit(&rows, "lossless", NULL, NULL, NULL, NULL,
			lossless ?
			"The chase confirms that the decomposition is lossless: joining the new tables on their shared columns gives back exactly the rows of the old table." :
			"The chase finds the decomposition lossy: joining the new tables can produce rows the old table did not have.");

	MemoryContextSwitchTo(oldcxt);
	MemoryContextDelete(cxt);
	return (Datum) 0;
}
