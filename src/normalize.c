/*-------------------------------------------------------------------------
 *
 * normalize.c
 *	  nf_report() and nf_level(): which normal forms a table reaches, and
 *	  why not the next one.
 *
 * The report combines three sources.  The table's catalog entries give
 * the keys (PRIMARY KEY, and UNIQUE indexes on NOT NULL columns) and the
 * 1NF facts about column types.  The declared dependencies, with those
 * keys, go to the pure-C core, which finds every candidate key and the
 * partial, transitive and BCNF-violating dependencies.  The data, read
 * with the caller's rights, give the duplicate rows of a table without a
 * key and tell whether each declared dependency actually holds.
 *
 * The definitions are the general ones, over every candidate key and not
 * only the primary key (Elmasri and Navathe):
 *
 *	 1NF  every column holds one atomic value, and rows can be told apart:
 *		  here, no array, json, jsonb, composite, multirange or hstore
 *		  column, a primary key or a unique NOT NULL key, and, when there
 *		  is no key, no duplicate rows in the data;
 *	 2NF  no non-prime column depends on a proper subset of any candidate
 *		  key;
 *	 3NF  for every non-trivial X -> A, X is a superkey or A is prime;
 *	 BCNF for every non-trivial X -> A, X is a superkey.
 *
 * The tests of 2NF, 3NF and BCNF are the core's (fdset_analyze()); this
 * file decides 1NF and turns every finding into a row a person can act
 * on.  Rows come in a fixed order: candidate keys, notes on indexes and
 * declarations, 1NF, 2NF, 3NF and BCNF findings, and a summary last.
 *
 * IDENTIFICATION
 *	  sysdesign/src/normalize.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/syscache.h"

#include "normalize.h"

/* One row of nf_report(). */
typedef struct NfFinding
{
	const char *normal_form;	/* NULL when no single form is concerned */
	const char *kind;
	Datum		determinant;	/* text[], or 0 for NULL */
	Datum		dependent;		/* text[], or 0 for NULL */
	char	   *explanation;
	char	   *fix;			/* NULL when there is nothing to do */
} NfFinding;

/* A whole report, built by nf_build_report(). */
typedef struct NfReport
{
	NfTable    *t;
	FdsetAnalysis *an;
	List	   *findings;		/* NfFinding *, in output order */
	int			n1nf;			/* 1NF issues found */
	int			ncontradicted;	/* declarations the data contradict */
	const char *level;			/* "none", "1NF", "2NF", "3NF", "BCNF" */
} NfReport;

#define NF_NCOLUMNS 7

static NfReport *nf_build_report(Oid catnsp, Oid relid, bool check_data);
static void nf_add(NfReport *r, const char *nf, const char *kind,
				   const FdsetWord *det, const FdsetWord *dep,
				   char *explanation, char *fix);
static void nf_report_keys(NfReport *r);
static void nf_report_indexes(NfReport *r);
static void nf_report_stale(NfReport *r);
static void nf_report_contradicted(NfReport *r);
static void nf_report_1nf(NfReport *r, bool check_data);
static void nf_report_violations(NfReport *r);
static void nf_report_summary(NfReport *r);
static const char *nf_multivalued(Oid typid);
static void nf_spi_connect(void);
static int64 nf_query_count(const char *sql);
static char *nf_literal_table(NfTable *t);
static char *nf_key_phrase(NfTable *t, const FdsetWord *key);

/*
 * nf_add
 *
 * Append a finding.  det and dep may be NULL; they are copied.
 */
static void
nf_add(NfReport *r, const char *nf, const char *kind,
	   const FdsetWord *det, const FdsetWord *dep,
	   char *explanation, char *fix)
{
	NfFinding  *f = palloc0(sizeof(NfFinding));

	f->normal_form = nf;
	f->kind = kind;
	f->determinant = det ? nf_attr_array(r->t, det) : (Datum) 0;
	f->dependent = dep ? nf_attr_array(r->t, dep) : (Datum) 0;
	f->explanation = explanation;
	f->fix = fix;
	r->findings = lappend(r->findings, f);
}

/* The table as a quoted literal, for the SQL shown in fixes. */
static char *
nf_literal_table(NfTable *t)
{
	return quote_literal_cstr(t->qualname);
}

/*
 * nf_key_phrase
 *
 * A key as prose: "course_id" for one column, "(student_id, course_id)"
 * for several.
 */
static char *
nf_key_phrase(NfTable *t, const FdsetWord *key)
{
	if (fdset_attrs_count(key, t->nwords) == 1)
		return nf_attr_list(t, key);
	return psprintf("(%s)", nf_attr_list(t, key));
}

/*
 * nf_build_report
 *
 * Gather every finding about relid in the current memory context.  With
 * check_data the table's rows are read, with the caller's rights.
 */
static NfReport *
nf_build_report(Oid catnsp, Oid relid, bool check_data)
{
	NfReport   *r = palloc0(sizeof(NfReport));
	FdsetStatus status;

	r->t = nf_table_open(catnsp, relid);
	status = fdset_analyze(&r->t->env, r->t->deps, &r->an);
	nf_core_check(status, &r->t->env);

	nf_report_keys(r);
	nf_report_indexes(r);
	nf_report_stale(r);
	if (check_data)
		nf_report_contradicted(r);
	nf_report_1nf(r, check_data);
	nf_report_violations(r);

	if (r->n1nf > 0)
		r->level = "none";
	else
		r->level = fdset_normal_form_name(r->an->highest);
	nf_report_summary(r);
	return r;
}

/*
 * nf_report_keys
 *
 * One row per candidate key, saying whether a constraint enforces it.  A
 * key that follows only from declared dependencies is a promise nothing
 * checks; the fix makes the database keep it.
 */
static void
nf_report_keys(NfReport *r)
{
	NfTable    *t = r->t;
	FdsetWord  *rest = palloc(sizeof(FdsetWord) * t->nwords);
	bool		primary_suggested = false;

	for (int k = 0; k < r->an->keys->nsets; k++)
	{
		FdsetWord  *key = fdset_set(r->an->keys, k);
		NfIndexKey *enforcer = NULL;
		ListCell   *lc;
		StringInfoData expl;
		char	   *fix = NULL;
		int			nkey = fdset_attrs_count(key, t->nwords);

		CHECK_FOR_INTERRUPTS();
		fdset_attrs_fill(rest, t->natts);
		fdset_attrs_minus(rest, key, t->nwords);

		foreach(lc, t->indexes)
		{
			NfIndexKey *ik = lfirst(lc);

			if (ik->is_key && enforcer == NULL &&
				fdset_attrs_equal(ik->attrs, key, t->nwords))
				enforcer = ik;
		}

		initStringInfo(&expl);
		if (t->natts == 1)
			appendStringInfo(&expl,
							 "%s is the only column, so it is the only candidate key.",
							 nf_attr_list(t, key));
		else if (nkey == t->natts)
			appendStringInfo(&expl,
							 "No set of columns smaller than the whole row determines the other columns, so the only candidate key is all the columns together.");
		else if (nkey == 1)
			appendStringInfo(&expl,
							 "%s is a candidate key: it determines every other column.",
							 nf_attr_list(t, key));
		else
			appendStringInfo(&expl,
							 "%s is a candidate key: together these columns determine every other column, and no smaller part of them does.",
							 nf_key_phrase(t, key));

		if (enforcer != NULL && enforcer->is_primary)
			appendStringInfo(&expl, " The primary key %s enforces it.",
							 quote_identifier(enforcer->name));
		else if (enforcer != NULL)
			appendStringInfo(&expl, " The unique index %s enforces it.",
							 quote_identifier(enforcer->name));
		else
		{
			appendStringInfoString(&expl, nkey == t->natts ?
								   " No constraint enforces it." :
								   " It follows from the declared dependencies, but no constraint enforces it.");
			if (!t->has_primary && !primary_suggested)
			{
				fix = psprintf("ALTER TABLE %s ADD PRIMARY KEY (%s);",
							   t->qualname, nf_attr_list(t, key));
				primary_suggested = true;
			}
			else
				fix = psprintf("ALTER TABLE %s ADD UNIQUE (%s);",
							   t->qualname, nf_attr_list(t, key));
		}
		nf_add(r, NULL, "candidate key", key,
			   fdset_attrs_is_empty(rest, t->nwords) ? NULL : rest,
			   expl.data, fix);
	}
}

/*
 * nf_report_indexes
 *
 * Unique indexes that do not make a key, with the reason.  The common
 * case is a UNIQUE constraint on a nullable column, which people often
 * take for a key.  Also the opposite: a key constraint wider than a
 * candidate key, once the declared dependencies show that part of its
 * columns is a key already.
 */
static void
nf_report_indexes(NfReport *r)
{
	NfTable    *t = r->t;
	ListCell   *lc;

	foreach(lc, t->indexes)
	{
		NfIndexKey *ik = lfirst(lc);
		StringInfoData fix;
		bool		any = false;

		if (ik->is_key)
		{
			FdsetWord  *smaller = NULL;

			for (int k = 0; k < r->an->keys->nsets && !smaller; k++)
			{
				FdsetWord  *key = fdset_set(r->an->keys, k);

				if (fdset_attrs_subset(key, ik->attrs, t->nwords) &&
					!fdset_attrs_equal(key, ik->attrs, t->nwords))
					smaller = key;
			}
			if (smaller != NULL)
				nf_add(r, NULL, "note", ik->attrs, NULL,
					   psprintf("%s %s is wider than a key: by the declared dependencies, %s alone is a candidate key, so the constraint lets through rows that break it.",
								ik->is_primary ? "The primary key" : "The unique index",
								quote_identifier(ik->name),
								nf_key_phrase(t, smaller)),
					   psprintf("ALTER TABLE %s ADD UNIQUE (%s);",
								t->qualname, nf_attr_list(t, smaller)));
			continue;
		}

		initStringInfo(&fix);
		for (int i = 0; i < ik->nattrs; i++)
		{
			int			col = ik->cols[i];

			if (t->attnotnull[col])
				continue;
			appendStringInfo(&fix, "%sALTER TABLE %s ALTER COLUMN %s SET NOT NULL;",
							 any ? " " : "", t->qualname,
							 quote_identifier(t->attname[col]));
			any = true;
		}
		nf_add(r, NULL, "not a key", ik->nattrs > 0 ? ik->attrs : NULL,
			   NULL, ik->why_not, any ? fix.data : NULL);
	}
}

/*
 * nf_report_stale
 *
 * Declarations that name a column the table no longer has.  They are
 * left out of the analysis, and the summary says so, rather than being
 * followed to some column that may not be the one meant.
 */
static void
nf_report_stale(NfReport *r)
{
	NfTable    *t = r->t;
	ListCell   *lc;

	foreach(lc, t->bound)
	{
		NfBound    *b = lfirst(lc);
		NfFinding  *f;
		char	   *fd;
		char	  **missing;
		int			nmissing = 0;
		ListCell   *mc;

		if (!b->stale)
			continue;
		missing = palloc(sizeof(char *) * list_length(b->missing));
		foreach(mc, b->missing)
			missing[nmissing++] = lfirst(mc);
		fd = nf_format_fd(b->decl->lhs, b->decl->nlhs,
						  b->decl->rhs, b->decl->nrhs);

		f = palloc0(sizeof(NfFinding));
		f->kind = "stale declaration";
		f->determinant = nf_names_datum(b->decl->lhs, b->decl->nlhs);
		f->dependent = nf_names_datum(b->decl->rhs, b->decl->nrhs);
		f->explanation =
			psprintf(nmissing == 1 ?
					 "The declared dependency %s names %s, which is no longer a column of %s: it was renamed or dropped after the declaration. The dependency is left out of this analysis." :
					 "The declared dependency %s names %s, which are no longer columns of %s: they were renamed or dropped after the declaration. The dependency is left out of this analysis.",
					 fd, nf_format_names(missing, nmissing),
					 quote_identifier(t->relname));
		f->fix = psprintf("SELECT undeclare_fd(%s, %s); then declare the dependency again with the current column names.",
						  nf_literal_table(t), quote_literal_cstr(fd));
		r->findings = lappend(r->findings, f);
	}
}

/*
 * nf_spi_connect
 *
 * Connect to SPI but stay in the current memory context: the findings
 * made while connected must outlive SPI_finish(), which returns to this
 * same context.  nf_query_count() comes back to it after each query.
 */
static void
nf_spi_connect(void)
{
	MemoryContext cxt = CurrentMemoryContext;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	MemoryContextSwitchTo(cxt);
}

/*
 * nf_query_count
 *
 * Run a query returning one bigint with the caller's rights and return
 * the value.  The caller is connected to SPI.
 */
static int64
nf_query_count(const char *sql)
{
	MemoryContext cxt = CurrentMemoryContext;
	int			ret;
	bool		isnull;
	Datum		d;

	CHECK_FOR_INTERRUPTS();
	ret = SPI_execute(sql, true, 1);
	if (ret != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "could not count rows: %s", SPI_result_code_string(ret));
	d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1,
					  &isnull);

	/* SPI_execute() leaves SPI's own context current; come back. */
	MemoryContextSwitchTo(cxt);
	return isnull ? 0 : DatumGetInt64(d);
}

/*
 * nf_report_contradicted
 *
 * Check every declared dependency X -> Y against the rows: a value of X
 * that appears with two different values of Y contradicts it.  NULL is
 * compared as a value, as GROUP BY does.  Only the rows the caller may
 * see are read, so row security applies.
 */
static void
nf_report_contradicted(NfReport *r)
{
	NfTable    *t = r->t;
	ListCell   *lc;

	nf_spi_connect();
	foreach(lc, t->bound)
	{
		NfBound    *b = lfirst(lc);
		char	   *lhs;
		char	   *both;
		char	   *query;
		int64		groups;
		FdsetWord  *all;

		if (b->stale)
			continue;
		all = palloc(sizeof(FdsetWord) * t->nwords);
		fdset_attrs_copy(all, b->lhs, t->nwords);
		fdset_attrs_union(all, b->rhs, t->nwords);
		lhs = nf_group_list(t, b->lhs);
		both = nf_group_list(t, all);
		query = psprintf("SELECT %s FROM (SELECT DISTINCT %s FROM %s) d "
						 "GROUP BY %s HAVING count(*) > 1",
						 lhs, both, t->qualname, lhs);
		groups = nf_query_count(psprintf("SELECT count(*) FROM (%s) g",
										 query));
		if (groups == 0)
			continue;

		r->ncontradicted++;
		nf_add(r, NULL, "contradicted by data", b->lhs, b->rhs,
			   psprintf(groups == 1 ?
						"The data contradict the declared dependency %s: " INT64_FORMAT " value of %s appears with more than one value of %s." :
						"The data contradict the declared dependency %s: " INT64_FORMAT " values of %s appear with more than one value of %s.",
						nf_format_fd(b->decl->lhs, b->decl->nlhs,
									 b->decl->rhs, b->decl->nrhs),
						groups, nf_key_phrase(t, b->lhs),
						nf_key_phrase(t, b->rhs)),
			   psprintf("Find the rows with %s; correct them, or undeclare the dependency if it does not hold.",
						query));
	}
	SPI_finish();
}

/*
 * nf_multivalued
 *
 * What kind of several-values-in-one a type holds, or NULL for a type
 * whose values count as atomic.  Domains are judged by their base type.
 */
static const char *
nf_multivalued(Oid typid)
{
	Oid			base = getBaseType(typid);
	char		typtype = get_typtype(base);
	HeapTuple	tup;
	bool		hstore = false;

	if (OidIsValid(get_element_type(base)))
		return "an array";
	if (base == JSONOID || base == JSONBOID)
		return "JSON documents";
	if (typtype == TYPTYPE_COMPOSITE)
		return "composite values";
	if (typtype == TYPTYPE_MULTIRANGE)
		return "multiranges";

	/* hstore is an extension type, known only by its name. */
	tup = SearchSysCache1(TYPEOID, ObjectIdGetDatum(base));
	if (HeapTupleIsValid(tup))
	{
		Form_pg_type typ = (Form_pg_type) GETSTRUCT(tup);

		hstore = strcmp(NameStr(typ->typname), "hstore") == 0;
		ReleaseSysCache(tup);
	}
	return hstore ? "hstore maps" : NULL;
}

/*
 * nf_report_1nf
 *
 * The lesson's 1NF: a primary key, atomic columns, no duplicate rows.
 * A table with a unique index on NOT NULL columns but no PRIMARY KEY
 * constraint has a key all the same; it gets a note, not an issue.
 */
static void
nf_report_1nf(NfReport *r, bool check_data)
{
	NfTable    *t = r->t;
	FdsetWord  *col = palloc(sizeof(FdsetWord) * t->nwords);
	FdsetWord  *all = palloc(sizeof(FdsetWord) * t->nwords);
	FdsetWord  *first_key = fdset_set(r->an->keys, 0);

	fdset_attrs_fill(all, t->natts);

	if (!t->has_key)
	{
		r->n1nf++;
		nf_add(r, "1NF", "1NF issue", NULL, NULL,
			   psprintf("Table %s has no primary key: nothing stops two rows from being identical, and no constraint guarantees that any set of columns identifies a row.",
						quote_identifier(t->relname)),
			   psprintf("ALTER TABLE %s ADD PRIMARY KEY (%s);",
						t->qualname, nf_attr_list(t, first_key)));
	}
	else if (!t->has_primary)
	{
		NfIndexKey *ik = NULL;
		ListCell   *lc;

		foreach(lc, t->indexes)
		{
			NfIndexKey *k = lfirst(lc);

			if (k->is_key && ik == NULL)
				ik = k;
		}
		Assert(ik != NULL);
		nf_add(r, "1NF", "note", ik->attrs, NULL,
			   psprintf("Table %s has no PRIMARY KEY constraint, but the unique index %s on NOT NULL columns identifies its rows.",
						quote_identifier(t->relname),
						quote_identifier(ik->name)),
			   psprintf("ALTER TABLE %s ADD PRIMARY KEY USING INDEX %s;",
						t->qualname, quote_identifier(ik->name)));
	}

	/* Columns that hold several values in one. */
	for (int c = 0; c < t->natts; c++)
	{
		const char *what = nf_multivalued(t->atttype[c]);

		if (what == NULL)
			continue;
		r->n1nf++;
		fdset_attrs_clear(col, t->nwords);
		fdset_attrs_add(col, c);
		nf_add(r, "1NF", "1NF issue", NULL, col,
			   psprintf("Column %s holds %s (%s): one field stores several values, which cannot be keyed, constrained or joined one by one.",
						quote_identifier(t->attname[c]), what,
						format_type_with_typemod(t->atttype[c],
												 t->atttypmod[c])),
			   psprintf("Move the values of %s into a table of their own, one row per value, with a foreign key to %s.",
						quote_identifier(t->attname[c]),
						quote_identifier(t->relname)));
	}

	/* Without a key the rows themselves may repeat. */
	if (!t->has_key && check_data)
	{
		int64		dups;
		char	   *all_cols = nf_group_list(t, all);

		nf_spi_connect();
		dups = nf_query_count(psprintf("SELECT sum(n - 1)::int8 FROM "
									   "(SELECT count(*) AS n FROM %s "
									   "GROUP BY %s HAVING count(*) > 1) g",
									   t->qualname, all_cols));
		SPI_finish();
		if (dups > 0)
		{
			r->n1nf++;
			nf_add(r, "1NF", "1NF issue", NULL, NULL,
				   psprintf(dups == 1 ?
							"Table %s holds " INT64_FORMAT " row that duplicates another row: the two cannot be told apart, updated or deleted one at a time." :
							"Table %s holds " INT64_FORMAT " rows that duplicate other rows: identical rows cannot be told apart, updated or deleted one at a time.",
							quote_identifier(t->relname), dups),
				   psprintf("Remove the extra copies, for example with CREATE TABLE ... AS SELECT DISTINCT * FROM %s, then add a primary key.",
							t->qualname));
		}
	}
}

/*
 * nf_report_violations
 *
 * The core's findings.  Partial and transitive dependencies are shown as
 * found.  A BCNF violation whose dependent columns are not all prime is
 * already shown as a partial or transitive dependency; only its prime
 * part, the part 3NF tolerates, gets a BCNF row.
 */
static void
nf_report_violations(NfReport *r)
{
	NfTable    *t = r->t;
	FdsetAnalysis *an = r->an;
	FdsetWord  *prime_part = palloc(sizeof(FdsetWord) * t->nwords);

	for (int i = 0; i < an->nviolations; i++)
	{
		FdsetViolation *v = &an->violations[i];
		char	   *lhs = nf_attr_list(t, v->lhs);
		char	   *rhs = nf_attr_list(t, v->rhs);
		int			nrhs = fdset_attrs_count(v->rhs, t->nwords);
		char	   *fix;

		CHECK_FOR_INTERRUPTS();
		fix = psprintf("Move %s to a separate table keyed by %s, and keep %s here as a foreign key to it; nf_decompose(%s) writes the DDL.",
					   rhs, nf_key_phrase(t, v->lhs), lhs,
					   nf_literal_table(t));
		switch (v->kind)
		{
			case FDSET_PARTIAL:
				{
					FdsetWord  *key = fdset_set(an->keys, Max(v->key, 0));

					nf_add(r, "2NF", "partial dependency", v->lhs, v->rhs,
						   psprintf(nrhs == 1 ?
									"%s depends on %s alone, which is only part of the candidate key %s. Its value is repeated in every row that shares %s, and updating one copy but not the others makes the table contradict itself." :
									"%s depend on %s alone, which is only part of the candidate key %s. Their values are repeated in every row that shares %s, and updating one copy but not the others makes the table contradict itself.",
									rhs, lhs, nf_key_phrase(t, key), lhs),
						   fix);
				}
				break;
			case FDSET_TRANSITIVE:
				{
					FdsetWord  *key = fdset_set(an->keys, Max(v->key, 0));

					nf_add(r, "3NF", "transitive dependency", v->lhs, v->rhs,
						   psprintf(nrhs == 1 ?
									"%s depends on %s, which is not a key: the key %s determines %s, which determines %s, so %s depends on the key only through %s. It is repeated in every row that shares %s." :
									"%s depend on %s, which is not a key: the key %s determines %s, which determines %s, so %s depend on the key only through %s. They are repeated in every row that shares %s.",
									rhs, lhs, nf_key_phrase(t, key), lhs,
									rhs, rhs, lhs, lhs),
						   fix);
				}
				break;
			case FDSET_BCNF:
				{
					char	   *prime;
					int			nprime;

					fdset_attrs_copy(prime_part, v->rhs, t->nwords);
					fdset_attrs_intersect(prime_part, an->prime, t->nwords);
					if (fdset_attrs_is_empty(prime_part, t->nwords))
						break;
					prime = nf_attr_list(t, prime_part);
					nprime = fdset_attrs_count(prime_part, t->nwords);
					nf_add(r, "BCNF", "BCNF violation", v->lhs, prime_part,
						   psprintf(nprime == 1 ?
									"%s depends on %s, which is not a superkey. 3NF tolerates this because %s is part of a candidate key, but BCNF does not: the pair is stored again in every row that repeats %s." :
									"%s depend on %s, which is not a superkey. 3NF tolerates this because %s are part of candidate keys, but BCNF does not: the values are stored again in every row that repeats %s.",
									prime, lhs, prime, lhs),
						   psprintf("Move %s to a separate table keyed by %s; nf_decompose(%s, 'BCNF') writes the DDL and lists the dependencies that then span two tables.",
									prime, nf_key_phrase(t, v->lhs),
									nf_literal_table(t)));
				}
				break;
		}
	}
}

/*
 * nf_report_summary
 *
 * The last row: the highest normal form, and what stands in the way of
 * the next one.
 */
static void
nf_report_summary(NfReport *r)
{
	NfTable    *t = r->t;
	StringInfoData expl;
	const char *name = quote_identifier(t->relname);
	const char *core = fdset_normal_form_name(r->an->highest);
	char	   *fix = NULL;

	initStringInfo(&expl);
	if (r->n1nf > 0)
		appendStringInfo(&expl,
						 "%s is not in 1NF (%d issue%s above). Judged by its dependencies alone, it would be in %s.",
						 name, r->n1nf, r->n1nf == 1 ? "" : "s", core);
	else if (r->an->highest == FDSET_NF_BCNF)
		appendStringInfo(&expl,
						 "%s is in BCNF: every column depends on the whole of every candidate key, and on nothing that is not a key.",
						 name);
	else if (r->an->highest == FDSET_NF_3)
		appendStringInfo(&expl,
						 "%s is in 3NF but not in BCNF: a column that is part of a candidate key depends on columns that are not a key.",
						 name);
	else if (r->an->highest == FDSET_NF_2)
		appendStringInfo(&expl,
						 "%s is in 2NF but not in 3NF: a non-key column depends on the key through another non-key column.",
						 name);
	else
		appendStringInfo(&expl,
						 "%s is in 1NF but not in 2NF: a non-key column depends on part of a candidate key.",
						 name);

	appendStringInfo(&expl, " The highest normal form it reaches is %s.",
					 r->level);
	if (t->nstale > 0)
		appendStringInfo(&expl,
						 t->nstale == 1 ?
						 " This ignores %d stale declaration; until it is fixed, the result may be wrong." :
						 " This ignores %d stale declarations; until they are fixed, the result may be wrong.",
						 t->nstale);
	if (r->ncontradicted > 0)
		appendStringInfo(&expl,
						 r->ncontradicted == 1 ?
						 " The data contradict %d declared dependency." :
						 " The data contradict %d declared dependencies.",
						 r->ncontradicted);

	if (r->an->highest != FDSET_NF_BCNF)
		fix = psprintf("SELECT * FROM nf_decompose(%s, '%s');",
					   nf_literal_table(t),
					   r->an->highest == FDSET_NF_3 ? "BCNF" : "3NF");
	else if (r->n1nf > 0)
		fix = pstrdup("Resolve the 1NF issues above.");

	nf_add(r, r->level, "summary", NULL, NULL, expl.data, fix);
}

PG_FUNCTION_INFO_V1(sysdesign_nf_report);

/*
 * sysdesign_nf_report
 *
 * nf_report(tbl regclass, check_data boolean): the findings as rows.
 */
Datum
sysdesign_nf_report(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Oid			relid = PG_GETARG_OID(0);
	bool		check_data = PG_GETARG_BOOL(1);
	MemoryContext cxt;
	MemoryContext oldcxt;
	NfReport   *r;
	ListCell   *lc;
	int			seq = 0;

	InitMaterializedSRF(fcinfo, 0);

	cxt = AllocSetContextCreate(CurrentMemoryContext,
								"sysdesign normal-form report context",
								ALLOCSET_DEFAULT_SIZES);
	oldcxt = MemoryContextSwitchTo(cxt);
	r = nf_build_report(nf_catalog_namespace(fcinfo), relid, check_data);

	foreach(lc, r->findings)
	{
		NfFinding  *f = lfirst(lc);
		Datum		values[NF_NCOLUMNS];
		bool		nulls[NF_NCOLUMNS];

		memset(nulls, 0, sizeof(nulls));
		values[0] = Int32GetDatum(++seq);
		if (f->normal_form)
			values[1] = CStringGetTextDatum(f->normal_form);
		else
			nulls[1] = true;
		values[2] = CStringGetTextDatum(f->kind);
		values[3] = f->determinant;
		nulls[3] = f->determinant == (Datum) 0;
		values[4] = f->dependent;
		nulls[4] = f->dependent == (Datum) 0;
		values[5] = CStringGetTextDatum(f->explanation);
		if (f->fix)
			values[6] = CStringGetTextDatum(f->fix);
		else
			nulls[6] = true;
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc,
							 values, nulls);
	}

	MemoryContextSwitchTo(oldcxt);
	MemoryContextDelete(cxt);
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(sysdesign_nf_level);

/*
 * sysdesign_nf_level
 *
 * nf_level(tbl regclass, check_data boolean): the normal form of the
 * summary row of nf_report(), or an error when a declaration is stale.
 */
Datum
sysdesign_nf_level(PG_FUNCTION_ARGS)
{
	MemoryContext cxt;
	MemoryContext oldcxt;
	NfReport   *r;
	text	   *result;

	cxt = AllocSetContextCreate(CurrentMemoryContext,
								"sysdesign normal-form report context",
								ALLOCSET_DEFAULT_SIZES);
	oldcxt = MemoryContextSwitchTo(cxt);
	r = nf_build_report(nf_catalog_namespace(fcinfo), PG_GETARG_OID(0),
						PG_GETARG_BOOL(1));
	MemoryContextSwitchTo(oldcxt);

	/*
	 * The report can show a stale declaration next to its result; a bare
	 * level cannot, and would be silently wrong.
	 */
	if (r->t->nstale > 0)
		nf_stale_error(r->t);

	result = cstring_to_text(r->level);
	MemoryContextDelete(cxt);
	PG_RETURN_TEXT_P(result);
}
