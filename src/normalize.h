/*-------------------------------------------------------------------------
 *
 * normalize.h
 *	  Shared declarations of the SQL face of the normal-form checker.
 *
 * The checker is split by concern: fdcatalog.c keeps the declared
 * dependencies; nf_table.c reads a table the way the checker sees it
 * (columns, keys from constraints, declarations bound to columns) and
 * binds the pure-C core of fdset.c to the backend; normalize.c decides
 * 1NF and writes the report; nf_decompose.c writes the decomposition;
 * nf_examples.c creates the lesson's example tables.
 *
 * IDENTIFICATION
 *	  sysdesign/src/normalize.h
 *
 *-------------------------------------------------------------------------
 */
#ifndef SYSDESIGN_NORMALIZE_H
#define SYSDESIGN_NORMALIZE_H

#include "fmgr.h"
#include "nodes/pg_list.h"
#include "utils/relcache.h"

#include "fdset.h"

/* One row of the catalog: names as stored, in the table's column order. */
typedef struct NfDeclaration
{
	int			nlhs;
	char	  **lhs;
	int			nrhs;
	char	  **rhs;
} NfDeclaration;

/*
 * A unique index of the table as the checker sees it.  is_key is false
 * when some column may be NULL, or the index is partial, has expressions
 * or is not valid: then it does not make its columns a key.
 */
typedef struct NfIndexKey
{
	char	   *name;			/* index (and constraint) name */
	bool		is_primary;
	bool		is_key;
	char	   *why_not;		/* when !is_key: the reason, a sentence */
	FdsetWord  *attrs;			/* columns, when they are all plain */
	int			nattrs;
	int		   *cols;			/* column numbers, in index order */
} NfIndexKey;

/* A declared dependency bound to the table's current columns. */
typedef struct NfBound
{
	NfDeclaration *decl;
	bool		stale;			/* some name no longer matches a column */
	List	   *missing;		/* those names (char *) */
	FdsetWord  *lhs;
	FdsetWord  *rhs;
} NfBound;

/*
 * Everything the checker knows about one table.  Built by nf_table_open()
 * in the context that is current at the call; the FdsetEnv allocates in
 * the same context.
 */
typedef struct NfTable
{
	Oid			relid;
	char		relkind;
	char	   *relname;
	char	   *nspname;
	char	   *qualname;		/* quoted, schema-qualified */

	int			natts;			/* live columns, numbered 0 .. natts-1 */
	int			nwords;
	char	  **attname;
	Oid		   *atttype;
	int32	   *atttypmod;
	Oid		   *attcollation;
	bool	   *attnotnull;
	AttrNumber *attnum;

	List	   *indexes;		/* NfIndexKey *, by index name */
	bool		has_primary;
	bool		has_key;		/* some index is a key */
	List	   *bound;			/* NfBound *, in catalog order */
	int			nstale;

	FdsetEnv	env;
	FdsetDeps  *deps;			/* keys of constraints, then declarations */
} NfTable;

/* fdcatalog.c */
extern Oid	nf_catalog_namespace(FunctionCallInfo fcinfo);
extern List *nf_catalog_read(Oid catnsp, Oid relid);
extern void nf_catalog_declare(Oid catnsp, Oid relid,
							   char **lhs, int nlhs, char **rhs, int nrhs);
extern char *nf_format_fd(char **lhs, int nlhs, char **rhs, int nrhs);
extern char *nf_format_names(char **names, int n);

/* nf_table.c */
extern void nf_env_init(FdsetEnv *env);
extern void nf_core_check(FdsetStatus status, FdsetEnv *env);
extern void nf_check_relkind(Relation rel);
extern NfTable *nf_table_open(Oid catnsp, Oid relid);
extern void nf_stale_error(NfTable *t);
extern char **nf_attr_names(NfTable *t, const FdsetWord *set, int *n);
extern Datum nf_attr_array(NfTable *t, const FdsetWord *set);
extern Datum nf_names_datum(char **names, int n);
extern char *nf_attr_list(NfTable *t, const FdsetWord *set);
extern char *nf_group_expr(NfTable *t, int col);
extern char *nf_group_list(NfTable *t, const FdsetWord *set);
extern int	nf_max_candidate_keys;
extern void nf_define_gucs(void);

#endif							/* SYSDESIGN_NORMALIZE_H */
