/*-------------------------------------------------------------------------
 *
 * fdcatalog.c
 *	  The catalog of declared functional dependencies.
 *
 * declare_fd() and undeclare_fd() are the only way to write fd_catalog.
 * They run with the caller's rights and check that the caller owns the
 * table; only the write itself runs as the catalog's owner, the way the
 * backend's own referential-integrity triggers switch user for their
 * lookups.  Every function of the checker is created with a pinned
 * search_path (see the install script), so the queries below cannot be
 * captured by objects in the caller's schemas.
 *
 * A declaration is stored as column names in the table's column order,
 * with duplicates removed and right-side columns that also appear on the
 * left dropped: "a, b -> b, c" is stored as "a, b -> c".  Two
 * declarations with the same sets of names are the same declaration.
 *
 * An event trigger on sql_drop deletes the declarations of dropped
 * tables.  A dropped or renamed column is deliberately not followed: the
 * declaration keeps the old name and nf_report() reports it as stale,
 * because guessing what the user meant would make the report silently
 * wrong.
 *
 * IDENTIFICATION
 *	  sysdesign/src/fdcatalog.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/relation.h"
#include "catalog/namespace.h"
#include "catalog/objectaddress.h"
#include "catalog/pg_class.h"
#include "catalog/pg_type.h"
#include "commands/event_trigger.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/syscache.h"

#include "normalize.h"

#define NF_CATALOG_NAME "fd_catalog"

/* State saved while a catalog query runs as the catalog's owner. */
typedef struct NfCatalogCall
{
	Oid			save_userid;
	int			save_sec_context;
	char	   *catalog;		/* quoted, qualified name of fd_catalog */
} NfCatalogCall;

static bool nf_catalog_begin(NfCatalogCall *call, Oid catnsp,
							 bool missing_ok);
static void nf_catalog_end(NfCatalogCall *call);
static Datum nf_names_to_array(char **names, int n);
static char **nf_array_to_names(ArrayType *arr, int *n, const char *what);
static void nf_names_from_text(text *fd, char ***lhs, int *nlhs,
							   char ***rhs, int *nrhs);
static int	nf_dedup_names(char **names, int n);
static int	nf_drop_common(char **rhs, int nrhs, char **lhs, int nlhs);
static bool nf_same_names(char **a, int na, char **b, int nb);
static Relation nf_open_owned(Oid relid);
static void nf_require_args(FunctionCallInfo fcinfo, int nargs);
static void nf_undeclare(Oid catnsp, Oid relid,
						 char **lhs, int nlhs, char **rhs, int nrhs);

/*
 * nf_catalog_namespace
 *
 * The schema of fd_catalog is the schema of the extension, which is also
 * the schema of every SQL function of the checker; taking it from the
 * called function works under any search_path and needs no lookup of
 * pg_extension.
 */
Oid
nf_catalog_namespace(FunctionCallInfo fcinfo)
{
	if (fcinfo->flinfo == NULL || !OidIsValid(fcinfo->flinfo->fn_oid))
		elog(ERROR, "sysdesign function called without its catalog entry");
	return get_func_namespace(fcinfo->flinfo->fn_oid);
}

/*
 * nf_catalog_begin
 *
 * Connect to SPI as the owner of fd_catalog, in a restricted security
 * context.  Returns false, connecting nothing, when missing_ok and the
 * catalog does not exist (the extension is being dropped).  Errors raised
 * between begin and end need no cleanup: transaction abort restores the
 * user and closes SPI.
 */
static bool
nf_catalog_begin(NfCatalogCall *call, Oid catnsp, bool missing_ok)
{
	Oid			catrel;
	HeapTuple	tup;
	Oid			owner;

	catrel = OidIsValid(catnsp) ?
		get_relname_relid(NF_CATALOG_NAME, catnsp) : InvalidOid;
	if (!OidIsValid(catrel))
	{
		if (missing_ok)
			return false;
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("the catalog of functional dependencies is missing"),
				 errhint("Reinstall the extension with DROP EXTENSION sysdesign and CREATE EXTENSION sysdesign.")));
	}

	tup = SearchSysCache1(RELOID, ObjectIdGetDatum(catrel));
	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for relation %u", catrel);
	owner = ((Form_pg_class) GETSTRUCT(tup))->relowner;
	ReleaseSysCache(tup);

	call->catalog = quote_qualified_identifier(get_namespace_name(catnsp),
											   NF_CATALOG_NAME);
	GetUserIdAndSecContext(&call->save_userid, &call->save_sec_context);
	SetUserIdAndSecContext(owner,
						   call->save_sec_context |
						   SECURITY_LOCAL_USERID_CHANGE |
						   SECURITY_RESTRICTED_OPERATION);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	return true;
}

/* nf_catalog_end: undo nf_catalog_begin. */
static void
nf_catalog_end(NfCatalogCall *call)
{
	SPI_finish();
	SetUserIdAndSecContext(call->save_userid, call->save_sec_context);
}

/*
 * nf_catalog_read
 *
 * The declarations of one table, in a stable order (left sides, then right
 * sides, compared as arrays of names).  The list and its contents are
 * allocated in the caller's memory context.
 */
List *
nf_catalog_read(Oid catnsp, Oid relid)
{
	NfCatalogCall call;
	MemoryContext callercxt = CurrentMemoryContext;
	List	   *result = NIL;
	char	   *sql;
	Oid			argtypes[1] = {REGCLASSOID};
	Datum		args[1];
	int			ret;

	if (!nf_catalog_begin(&call, catnsp, false))
		return NIL;

	sql = psprintf("SELECT lhs, rhs FROM %s WHERE tbl = $1 "
				   "ORDER BY lhs, rhs", call.catalog);
	args[0] = ObjectIdGetDatum(relid);
	ret = SPI_execute_with_args(sql, 1, argtypes, args, NULL, true, 0);
	if (ret != SPI_OK_SELECT)
		elog(ERROR, "could not read the catalog of functional dependencies: %s",
			 SPI_result_code_string(ret));

	for (uint64 i = 0; i < SPI_processed; i++)
	{
		HeapTuple	tup = SPI_tuptable->vals[i];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		isnull;
		Datum		lhs = SPI_getbinval(tup, desc, 1, &isnull);
		Datum		rhs = SPI_getbinval(tup, desc, 2, &isnull);
		MemoryContext oldcxt = MemoryContextSwitchTo(callercxt);
		NfDeclaration *d = palloc0(sizeof(NfDeclaration));

		d->lhs = nf_array_to_names(DatumGetArrayTypeP(lhs), &d->nlhs,
								   "lhs");
		d->rhs = nf_array_to_names(DatumGetArrayTypeP(rhs), &d->nrhs,
								   "rhs");
		result = lappend(result, d);
		MemoryContextSwitchTo(oldcxt);
	}

	nf_catalog_end(&call);
	return result;
}

/*
 * nf_catalog_declare
 *
 * Check and store the dependency lhs -> rhs on relid for a caller who must
 * own the table.  The arrays are the names as the user wrote them; they
 * are put in the table's column order here.
 */
void
nf_catalog_declare(Oid catnsp, Oid relid,
				   char **lhs, int nlhs, char **rhs, int nrhs)
{
	Relation	rel;
	TupleDesc	desc;
	char	  **sorted_lhs;
	char	  **sorted_rhs;
	int			nsl = 0;
	int			nsr = 0;
	List	   *existing;
	ListCell   *lc;
	NfCatalogCall call;
	char	   *sql;
	Oid			argtypes[3] = {REGCLASSOID, NAMEARRAYOID, NAMEARRAYOID};
	Datum		args[3];
	int			ret;
	char	   *fdtext;

	rel = nf_open_owned(relid);
	desc = RelationGetDescr(rel);

	/*
	 * A temporary table goes away at the end of its session without
	 * firing the sql_drop event trigger, so its declarations would
	 * outlive it.
	 */
	if (rel->rd_rel->relpersistence == RELPERSISTENCE_TEMP)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("cannot declare functional dependencies on temporary table \"%s\"",
						RelationGetRelationName(rel)),
				 errhint("Declare them on a permanent or unlogged table.")));

	/* Empty sides say nothing; the error names the side. */
	if (nlhs == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the left side of a functional dependency cannot be empty"),
				 errhint("Write the dependency as \"a, b -> c\": the columns on the left determine the columns on the right.")));
	if (nrhs == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the right side of a functional dependency cannot be empty"),
				 errhint("Write the dependency as \"a, b -> c\": the columns on the left determine the columns on the right.")));

	/* Every name must be a live user column of the table. */
	for (int side = 0; side < 2; side++)
	{
		char	  **names = side == 0 ? lhs : rhs;
		int			n = side == 0 ? nlhs : nrhs;

		for (int i = 0; i < n; i++)
		{
			AttrNumber	attnum = get_attnum(relid, names[i]);

			if (attnum == InvalidAttrNumber)
				ereport(ERROR,
						(errcode(ERRCODE_UNDEFINED_COLUMN),
						 errmsg("column \"%s\" of relation \"%s\" does not exist",
								names[i], RelationGetRelationName(rel))));
			if (attnum < 0)
				ereport(ERROR,
						(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
						 errmsg("system column \"%s\" cannot take part in a functional dependency",
								names[i])));
		}
	}

	/* Put both sides in column order, without repeats. */
	sorted_lhs = palloc(sizeof(char *) * nlhs);
	sorted_rhs = palloc(sizeof(char *) * nrhs);
	for (int a = 0; a < desc->natts; a++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, a);

		if (att->attisdropped)
			continue;
		for (int i = 0; i < nlhs; i++)
			if (strcmp(NameStr(att->attname), lhs[i]) == 0)
			{
				sorted_lhs[nsl++] = pstrdup(lhs[i]);
				break;
			}
		for (int i = 0; i < nrhs; i++)
			if (strcmp(NameStr(att->attname), rhs[i]) == 0)
			{
				sorted_rhs[nsr++] = pstrdup(rhs[i]);
				break;
			}
	}
	fdtext = nf_format_fd(lhs, nlhs, rhs, nrhs);

	/*
	 * A right-side column that is also on the left is implied by the left
	 * side anyway; drop it.  When nothing is left, the dependency holds in
	 * every table and declaring it is almost certainly a mistake.
	 */
	nsr = nf_drop_common(sorted_rhs, nsr, sorted_lhs, nsl);
	if (nsr == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("functional dependency \"%s\" is trivial", fdtext),
				 errdetail("Every column on the right side also appears on the left side, so the dependency holds in every table."),
				 errhint("Put on the right side the columns that the left side determines.")));

	/* The same sets of names may be declared only once. */
	existing = nf_catalog_read(catnsp, relid);
	foreach(lc, existing)
	{
		NfDeclaration *d = lfirst(lc);

		if (nf_same_names(d->lhs, d->nlhs, sorted_lhs, nsl) &&
			nf_same_names(d->rhs, d->nrhs, sorted_rhs, nsr))
			ereport(ERROR,
					(errcode(ERRCODE_DUPLICATE_OBJECT),
					 errmsg("functional dependency \"%s\" is already declared on table \"%s\"",
							nf_format_fd(sorted_lhs, nsl, sorted_rhs, nsr),
							RelationGetRelationName(rel))));
	}

	/*
	 * Store it.  Declarations left behind by tables dropped while event
	 * triggers were disabled are swept at the same time, so that a new
	 * table reusing their OID cannot inherit them.
	 */
	nf_catalog_begin(&call, catnsp, false);
	sql = psprintf("DELETE FROM %s c WHERE NOT EXISTS "
				   "(SELECT FROM pg_catalog.pg_class r WHERE r.oid = c.tbl)",
				   call.catalog);
	ret = SPI_execute(sql, false, 0);
	if (ret != SPI_OK_DELETE)
		elog(ERROR, "could not sweep the catalog of functional dependencies: %s",
			 SPI_result_code_string(ret));

	sql = psprintf("INSERT INTO %s (tbl, lhs, rhs) VALUES ($1, $2, $3)",
				   call.catalog);
	args[0] = ObjectIdGetDatum(relid);
	args[1] = nf_names_to_array(sorted_lhs, nsl);
	args[2] = nf_names_to_array(sorted_rhs, nsr);
	ret = SPI_execute_with_args(sql, 3, argtypes, args, NULL, false, 0);
	if (ret != SPI_OK_INSERT)
		elog(ERROR, "could not write the catalog of functional dependencies: %s",
			 SPI_result_code_string(ret));
	nf_catalog_end(&call);

	relation_close(rel, NoLock);
}

/*
 * nf_undeclare
 *
 * Remove the declaration whose sides hold the given names.  The names are
 * not checked against the table's columns, so that a stale declaration,
 * naming a column since renamed or dropped, can still be removed.
 */
static void
nf_undeclare(Oid catnsp, Oid relid,
			 char **lhs, int nlhs, char **rhs, int nrhs)
{
	Relation	rel;
	List	   *existing;
	ListCell   *lc;
	NfDeclaration *found = NULL;
	NfCatalogCall call;
	char	   *sql;
	Oid			argtypes[3] = {REGCLASSOID, NAMEARRAYOID, NAMEARRAYOID};
	Datum		args[3];
	int			ret;

	rel = nf_open_owned(relid);
	nlhs = nf_dedup_names(lhs, nlhs);
	nrhs = nf_dedup_names(rhs, nrhs);
	nrhs = nf_drop_common(rhs, nrhs, lhs, nlhs);

	existing = nf_catalog_read(catnsp, relid);
	foreach(lc, existing)
	{
		NfDeclaration *d = lfirst(lc);

		if (nf_same_names(d->lhs, d->nlhs, lhs, nlhs) &&
			nf_same_names(d->rhs, d->nrhs, rhs, nrhs))
		{
			found = d;
			break;
		}
	}
	if (found == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("functional dependency \"%s\" is not declared on table \"%s\"",
						nf_format_fd(lhs, nlhs, rhs, nrhs),
						RelationGetRelationName(rel)),
				 errhint("The view fd_declarations lists the declared dependencies.")));

	nf_catalog_begin(&call, catnsp, false);
	sql = psprintf("DELETE FROM %s WHERE tbl = $1 AND lhs = $2 AND rhs = $3",
				   call.catalog);
	args[0] = ObjectIdGetDatum(relid);
	args[1] = nf_names_to_array(found->lhs, found->nlhs);
	args[2] = nf_names_to_array(found->rhs, found->nrhs);
	ret = SPI_execute_with_args(sql, 3, argtypes, args, NULL, false, 0);
	if (ret != SPI_OK_DELETE || SPI_processed != 1)
		elog(ERROR, "could not delete from the catalog of functional dependencies: %s",
			 SPI_result_code_string(ret));
	nf_catalog_end(&call);

	relation_close(rel, NoLock);
}

/*
 * nf_open_owned
 *
 * Open and lock the table a declaration is about, checking that it is a
 * kind of relation that has rows and that the current user owns it.
 * Owning the table is what it takes to add a constraint to it, and a
 * declaration is a kind of constraint that the checker relies on.
 */
static Relation
nf_open_owned(Oid relid)
{
	Relation	rel = relation_open(relid, AccessShareLock);

	nf_check_relkind(rel);
#if PG_VERSION_NUM >= 160000
	if (!object_ownercheck(RelationRelationId, relid, GetUserId()))
#else
	if (!pg_class_ownercheck(relid, GetUserId()))
#endif
		aclcheck_error(ACLCHECK_NOT_OWNER,
					   get_relkind_objtype(rel->rd_rel->relkind),
					   RelationGetRelationName(rel));
	return rel;
}

/*
 * nf_require_args
 *
 * The declaring functions are CALLED ON NULL INPUT so that a NULL
 * argument draws an error instead of silently doing nothing.
 */
static void
nf_require_args(FunctionCallInfo fcinfo, int nargs)
{
	for (int i = 0; i < nargs; i++)
		if (PG_ARGISNULL(i))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("argument %d of %s must not be null", i + 1,
							get_func_name(fcinfo->flinfo->fn_oid))));
}

/*
 * nf_names_from_text
 *
 * Split 'a, "Odd Col" -> b' into its two sides with the core's parser.
 * The names come back in the caller's memory context.
 */
static void
nf_names_from_text(text *fd, char ***lhs, int *nlhs, char ***rhs, int *nrhs)
{
	FdsetEnv	env;
	FdsetParsed *parsed = NULL;
	char	   *str = text_to_cstring(fd);
	FdsetStatus status;

	nf_env_init(&env);
	status = fdset_parse(&env, str, strlen(str), &parsed);
	if (status == FDSET_ERR_SYNTAX)
		ereport(ERROR,
				(errcode(ERRCODE_SYNTAX_ERROR),
				 errmsg("invalid functional dependency \"%s\"", str),
				 errdetail("%s", env.errmsg),
				 errhint("Write the dependency as \"a, b -> c, d\"; double-quote names that need it.")));
	nf_core_check(status, &env);

	*lhs = parsed->lhs;
	*nlhs = parsed->nlhs;
	*rhs = parsed->rhs;
	*nrhs = parsed->nrhs;
}

/* nf_names_to_array: a name[] datum of the given names. */
static Datum
nf_names_to_array(char **names, int n)
{
	Datum	   *elems = palloc(sizeof(Datum) * Max(n, 1));

	for (int i = 0; i < n; i++)
	{
		Name		nm = palloc0(NAMEDATALEN);

		namestrcpy(nm, names[i]);
		elems[i] = NameGetDatum(nm);
	}
	return PointerGetDatum(construct_array(elems, n, NAMEOID, NAMEDATALEN,
										   false, TYPALIGN_CHAR));
}

/*
 * nf_array_to_names
 *
 * The elements of a one-dimensional name[] as C strings.  NULL elements
 * are refused; what names the argument in the error.
 */
static char **
nf_array_to_names(ArrayType *arr, int *n, const char *what)
{
	Datum	   *elems;
	bool	   *nulls;
	int			nelems;
	char	  **names;

	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("array \"%s\" must be one-dimensional", what)));
	deconstruct_array(arr, NAMEOID, NAMEDATALEN, false, TYPALIGN_CHAR,
					  &elems, &nulls, &nelems);
	names = palloc(sizeof(char *) * Max(nelems, 1));
	for (int i = 0; i < nelems; i++)
	{
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("array \"%s\" must not contain nulls", what)));
		names[i] = pstrdup(NameStr(*DatumGetName(elems[i])));
	}
	*n = nelems;
	return names;
}

/* nf_dedup_names: remove repeated names in place, keeping the first. */
static int
nf_dedup_names(char **names, int n)
{
	int			kept = 0;

	for (int i = 0; i < n; i++)
	{
		bool		seen = false;

		for (int j = 0; j < kept && !seen; j++)
			seen = strcmp(names[j], names[i]) == 0;
		if (!seen)
			names[kept++] = names[i];
	}
	return kept;
}

/* nf_drop_common: remove from rhs, in place, the names that are in lhs. */
static int
nf_drop_common(char **rhs, int nrhs, char **lhs, int nlhs)
{
	int			kept = 0;

	for (int i = 0; i < nrhs; i++)
	{
		bool		inlhs = false;

		for (int j = 0; j < nlhs && !inlhs; j++)
			inlhs = strcmp(lhs[j], rhs[i]) == 0;
		if (!inlhs)
			rhs[kept++] = rhs[i];
	}
	return kept;
}

/* nf_same_names: do two lists without repeats hold the same names? */
static bool
nf_same_names(char **a, int na, char **b, int nb)
{
	if (na != nb)
		return false;
	for (int i = 0; i < na; i++)
	{
		bool		found = false;

		for (int j = 0; j < nb && !found; j++)
			found = strcmp(a[i], b[j]) == 0;
		if (!found)
			return false;
	}
	return true;
}

/*
 * nf_format_names
 *
 * "a, \"Odd Col\"": the names joined by commas, each quoted when it needs
 * to be, in the form declare_fd() reads back.
 */
char *
nf_format_names(char **names, int n)
{
	StringInfoData buf;

	initStringInfo(&buf);
	for (int i = 0; i < n; i++)
	{
		if (i > 0)
			appendStringInfoString(&buf, ", ");
		appendStringInfoString(&buf, quote_identifier(names[i]));
	}
	return buf.data;
}

/* nf_format_fd: "a, b -> c", as nf_format_names writes each side. */
char *
nf_format_fd(char **lhs, int nlhs, char **rhs, int nrhs)
{
	return psprintf("%s -> %s", nf_format_names(lhs, nlhs),
					nf_format_names(rhs, nrhs));
}

PG_FUNCTION_INFO_V1(sysdesign_declare_fd_text);

/*
 * sysdesign_declare_fd_text
 *
 * declare_fd(tbl regclass, fd text): declare 'a, b -> c, d' on tbl.
 */
Datum
sysdesign_declare_fd_text(PG_FUNCTION_ARGS)
{
	char	  **lhs;
	char	  **rhs;
	int			nlhs;
	int			nrhs;

	nf_require_args(fcinfo, 2);
	nf_names_from_text(PG_GETARG_TEXT_PP(1), &lhs, &nlhs, &rhs, &nrhs);
	nf_catalog_declare(nf_catalog_namespace(fcinfo), PG_GETARG_OID(0),
					   lhs, nlhs, rhs, nrhs);
	PG_RETURN_VOID();
}

PG_FUNCTION_INFO_V1(sysdesign_declare_fd_array);

/*
 * sysdesign_declare_fd_array
 *
 * declare_fd(tbl regclass, lhs name[], rhs name[]): the same with the
 * names given as arrays, which needs no quoting.
 */
Datum
sysdesign_declare_fd_array(PG_FUNCTION_ARGS)
{
	char	  **lhs;
	char	  **rhs;
	int			nlhs;
	int			nrhs;

	nf_require_args(fcinfo, 3);
	lhs = nf_array_to_names(PG_GETARG_ARRAYTYPE_P(1), &nlhs, "lhs");
	rhs = nf_array_to_names(PG_GETARG_ARRAYTYPE_P(2), &nrhs, "rhs");
	nf_catalog_declare(nf_catalog_namespace(fcinfo), PG_GETARG_OID(0),
					   lhs, nlhs, rhs, nrhs);
	PG_RETURN_VOID();
}

PG_FUNCTION_INFO_V1(sysdesign_undeclare_fd_text);

/*
 * sysdesign_undeclare_fd_text
 *
 * undeclare_fd(tbl regclass, fd text): remove a declaration.
 */
Datum
sysdesign_undeclare_fd_text(PG_FUNCTION_ARGS)
{
	char	  **lhs;
	char	  **rhs;
	int			nlhs;
	int			nrhs;

	nf_require_args(fcinfo, 2);
	nf_names_from_text(PG_GETARG_TEXT_PP(1), &lhs, &nlhs, &rhs, &nrhs);
	nf_undeclare(nf_catalog_namespace(fcinfo), PG_GETARG_OID(0),
				 lhs, nlhs, rhs, nrhs);
	PG_RETURN_VOID();
}

PG_FUNCTION_INFO_V1(sysdesign_undeclare_fd_array);

/*
 * sysdesign_undeclare_fd_array
 *
 * undeclare_fd(tbl regclass, lhs name[], rhs name[]).
 */
Datum
sysdesign_undeclare_fd_array(PG_FUNCTION_ARGS)
{
	char	  **lhs;
	char	  **rhs;
	int			nlhs;
	int			nrhs;

	nf_require_args(fcinfo, 3);
	lhs = nf_array_to_names(PG_GETARG_ARRAYTYPE_P(1), &nlhs, "lhs");
	rhs = nf_array_to_names(PG_GETARG_ARRAYTYPE_P(2), &nrhs, "rhs");
	nf_undeclare(nf_catalog_namespace(fcinfo), PG_GETARG_OID(0),
				 lhs, nlhs, rhs, nrhs);
	PG_RETURN_VOID();
}

PG_FUNCTION_INFO_V1(sysdesign_undeclare_fd_all);

/*
 * sysdesign_undeclare_fd_all
 *
 * undeclare_fd(tbl regclass): remove every declaration of tbl and return
 * how many there were.
 */
Datum
sysdesign_undeclare_fd_all(PG_FUNCTION_ARGS)
{
	Oid			relid;
	Relation	rel;
	NfCatalogCall call;
	char	   *sql;
	Oid			argtypes[1] = {REGCLASSOID};
	Datum		args[1];
	int			ret;
	uint64		removed;

	nf_require_args(fcinfo, 1);
	relid = PG_GETARG_OID(0);
	rel = nf_open_owned(relid);

	nf_catalog_begin(&call, nf_catalog_namespace(fcinfo), false);
	sql = psprintf("DELETE FROM %s WHERE tbl = $1", call.catalog);
	args[0] = ObjectIdGetDatum(relid);
	ret = SPI_execute_with_args(sql, 1, argtypes, args, NULL, false, 0);
	if (ret != SPI_OK_DELETE)
		elog(ERROR, "could not delete from the catalog of functional dependencies: %s",
			 SPI_result_code_string(ret));
	removed = SPI_processed;
	nf_catalog_end(&call);

	relation_close(rel, NoLock);
	PG_RETURN_INT32((int32) removed);
}

PG_FUNCTION_INFO_V1(sysdesign_fd_catalog_cleanup);

/*
 * sysdesign_fd_catalog_cleanup
 *
 * The sql_drop event trigger: delete the declarations of every relation
 * the command dropped.  It fires for the commands of every user, who need
 * no right on the catalog: the delete runs as the catalog's owner.  When
 * the catalog itself is gone (DROP EXTENSION) there is nothing to do.
 */
Datum
sysdesign_fd_catalog_cleanup(PG_FUNCTION_ARGS)
{
	NfCatalogCall call;
	char	   *sql;
	int			ret;

	if (!CALLED_AS_EVENT_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_EVENT_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"%s\" was not called by the event trigger manager",
						"fd_catalog_cleanup")));

	if (!nf_catalog_begin(&call, nf_catalog_namespace(fcinfo), true))
		PG_RETURN_NULL();

	sql = psprintf("DELETE FROM %s WHERE tbl::pg_catalog.oid IN "
				   "(SELECT objid FROM pg_catalog.pg_event_trigger_dropped_objects() "
				   "WHERE classid = 'pg_catalog.pg_class'::pg_catalog.regclass "
				   "AND objsubid = 0)",
				   call.catalog);
	ret = SPI_execute(sql, false, 0);
	if (ret != SPI_OK_DELETE)
		elog(ERROR, "could not delete from the catalog of functional dependencies: %s",
			 SPI_result_code_string(ret));
	nf_catalog_end(&call);

	PG_RETURN_NULL();
}
