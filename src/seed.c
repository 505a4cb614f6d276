/*-------------------------------------------------------------------------
 *
 * seed.c
 *		seed_posts(): the bulk seeder of the lesson's users and posts.
 *
 * The lesson fills its two tables with a PL/pgSQL loop of single-row
 * INSERTs.  seed_posts() inserts the same rows from C: users numbered
 * user<i>@example.com, and for each of them posts "Title <j>" in order.
 *
 * Each table takes one of two paths, chosen when it is locked:
 *
 * The fast path forms the tuples here and writes them with
 * table_multi_insert() in batches, as COPY FROM does.  It is taken only
 * when nothing a plain INSERT would run can be skipped: the table has
 * exactly the lesson's columns, no CHECK constraint, no rule or trigger on
 * INSERT other than the lesson's own foreign key check, no deferrable
 * index, and row-level security does not apply to the caller.  Index
 * entries are then either inserted row by row through the executor's
 * ExecInsertIndexTuples(), or, when the table had no pages at all at the
 * start, every index of the table is rebuilt once after the heap is
 * written, which is several times cheaper than maintaining a b-tree one
 * row at a time.
 *
 * The executor path runs INSERT ... SELECT statements through SPI, a chunk
 * of rows at a time, so that triggers, CHECK constraints, rules, policies
 * and foreign keys all act exactly as they do for a plain INSERT.
 *
 * Both paths insert the same rows, with ids reserved from the tables' own
 * sequences beforehand, and both run inside the caller's statement: an
 * error or a cancel leaves both tables as they were.
 *
 * IDENTIFICATION
 *	  sysdesign/src/seed.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/heapam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/index.h"
#include "catalog/indexing.h"
#include "catalog/pg_class.h"
#include "catalog/pg_extension.h"
#include "catalog/pg_index.h"
#include "catalog/pg_sequence.h"
#include "catalog/pg_trigger.h"
#include "catalog/pg_type.h"
#include "commands/extension.h"
#include "commands/progress.h"
#include "commands/trigger.h"
#include "common/int.h"
#include "executor/executor.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "pgstat.h"
#include "rewrite/prs2lock.h"
#include "rewrite/rewriteHandler.h"
#include "storage/bufmgr.h"
#include "storage/lmgr.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/fmgrprotos.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/rls.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"

/*
 * Rows per table_multi_insert() call on the fast path.  COPY FROM buffers
 * up to 1000 rows too; more buys nothing measurable and costs slots.
 */
#define SEED_BATCH_ROWS		1000

/*
 * Rows per INSERT statement on the executor path.  Each statement's
 * foreign key checks are queued as AFTER trigger events until it ends, so
 * the chunk bounds that queue as well as our own arrays.
 */
#define SEED_SPI_ROWS		10000

/* Both tables are written through their first four columns. */
#define SEED_WRITTEN_COLUMNS 4

/* A column as the lesson declares it. */
typedef struct SeedColumn
{
	const char *name;
	Oid			typid;
	int32		typmod;
} SeedColumn;

#define SEED_VARCHAR_255	(255 + VARHDRSZ)

static const SeedColumn seed_users_columns[] = {
	{"user_id", INT4OID, -1},
	{"email", VARCHAROID, SEED_VARCHAR_255},
	{"password", VARCHAROID, SEED_VARCHAR_255},
	{"name", VARCHAROID, SEED_VARCHAR_255},
};

static const SeedColumn seed_posts_columns[] = {
	{"post_id", INT4OID, -1},
	{"user_id", INT4OID, -1},
	{"title", VARCHAROID, SEED_VARCHAR_255},
	{"description", TEXTOID, -1},
	{"image", VARCHAROID, SEED_VARCHAR_255},
};

/* Attribute numbers of the lesson's foreign key posts(user_id). */
#define SEED_POSTS_USER_ID	2
#define SEED_USERS_USER_ID	1

struct SeedState;

/* Fills values/isnull with row number rowno (0-based) of one table. */
typedef void (*SeedFillFunc) (struct SeedState *st, int64 rowno,
							  Datum *values, bool *isnull);

/* One of the two tables, and what this call does to it. */
typedef struct SeedTable
{
	const char *name;			/* "users" or "posts" */
	const SeedColumn *columns;	/* the lesson's columns */
	int			ncolumns;
	SeedFillFunc fill;
	Relation	rel;			/* open, SHARE ROW EXCLUSIVE locked */
	Oid			seqid;			/* sequence of the id column's default */
	/* on the fast path, lesson column k is attribute number attidx[k] + 1 */
	int			attidx[lengthof(seed_posts_columns)];
	int64		nrows;			/* rows this call adds */
	int64		first_id;		/* first id reserved for them */
	int64		last_id;		/* last id reserved for them */
	int64		id_step;		/* the distance between two ids */
	bool		was_empty;		/* the heap had no pages when locked */
	bool		rebuild;		/* rebuild its indexes after the rows */
	const char *slow_reason;	/* why the executor path, or NULL */
	int64		inserted;		/* rows actually inserted */
} SeedTable;

/* Everything one call of seed_posts() works with. */
typedef struct SeedState
{
	int32		nusers;
	int32		per_user;
	int64		first_number;	/* <i> of the first new user<i> */
	SeedTable	users;
	SeedTable	posts;
	MemoryContext batchcxt;		/* reset for every batch of rows */
} SeedState;

static void seed_check_arguments(FunctionCallInfo fcinfo);
static Oid	seed_extension_schema(void);
static void seed_open_table(SeedTable *t, Oid nspid);
static void seed_check_privileges(SeedTable *t, Oid relid);
static Oid	seed_id_sequence(SeedTable *t);
static const char *seed_fast_path_blocker(SeedTable *t, Oid users_relid);
static bool seed_is_lesson_fk_trigger(Relation posts, Trigger *trigger,
									  Oid users_relid);
static int64 seed_next_user_number(SeedState *st);
static void seed_run_as_owner(Oid relid, Oid *save_userid,
							  int *save_sec_context);
static void seed_plan_ids(SeedTable *t);
static void seed_take_ids(SeedTable *t);
static void seed_fill_user(SeedState *st, int64 rowno,
						   Datum *values, bool *isnull);
static void seed_fill_post(SeedState *st, int64 rowno,
						   Datum *values, bool *isnull);
static Datum seed_text(const char *prefix, int64 number, const char *suffix);
static void seed_progress_start(SeedTable *t);
static void seed_plan_rebuild(SeedTable *t);
static void seed_table(SeedState *st, SeedTable *t);
static void seed_fast(SeedState *st, SeedTable *t, bool rebuild);
static void seed_rebuild_indexes(SeedTable *t);
static void seed_executor(SeedState *st, SeedTable *t);

PG_FUNCTION_INFO_V1(sysdesign_seed_posts);

/*
 * sysdesign_seed_posts
 *
 * SQL: seed_posts(users int, posts_per_user int) RETURNS bigint
 *
 * Inserts "users" new users and "posts_per_user" posts for each, and
 * returns the number of posts inserted.  Every argument is checked before
 * anything is locked or written.
 */
Datum
sysdesign_seed_posts(PG_FUNCTION_ARGS)
{
	SeedState	st;
	Oid			nspid;

	seed_check_arguments(fcinfo);
	PreventCommandIfReadOnly("seed_posts()");
	PreventCommandIfParallelMode("seed_posts()");

	memset(&st, 0, sizeof(st));
	st.nusers = PG_GETARG_INT32(0);
	st.per_user = PG_GETARG_INT32(1);

	st.users.name = "users";
	st.users.columns = seed_users_columns;
	st.users.ncolumns = lengthof(seed_users_columns);
	st.users.fill = seed_fill_user;
	st.users.nrows = st.nusers;

	st.posts.name = "posts";
	st.posts.columns = seed_posts_columns;
	st.posts.ncolumns = lengthof(seed_posts_columns);
	st.posts.fill = seed_fill_post;
	st.posts.nrows = (int64) st.nusers * st.per_user;

	/*
	 * Find the tables through the extension's own schema, never through
	 * search_path, and lock them: SHARE ROW EXCLUSIVE lets readers in but
	 * keeps out every other writer, and above all any DELETE or UPDATE of
	 * users until our transaction ends.  The privileges are checked before
	 * the lock, so that a caller who may not insert cannot hold one.
	 */
	nspid = seed_extension_schema();
	seed_open_table(&st.users, nspid);
	seed_open_table(&st.posts, nspid);

	/* Choose each table's path now that nobody else can change it. */
	st.users.slow_reason =
		seed_fast_path_blocker(&st.users, RelationGetRelid(st.users.rel));
	st.posts.slow_reason =
		seed_fast_path_blocker(&st.posts, RelationGetRelid(st.users.rel));
	seed_plan_rebuild(&st.users);
	seed_plan_rebuild(&st.posts);

	/*
	 * Number the new users after the ones already there, then take the
	 * ids, once both sequences are known to hold enough.  Sequences are
	 * not transactional: from here on, an error leaves a gap in them,
	 * exactly as a failed INSERT does.
	 */
	st.first_number = seed_next_user_number(&st);
	seed_plan_ids(&st.users);
	if (st.posts.nrows > 0)
		seed_plan_ids(&st.posts);
	seed_take_ids(&st.users);
	if (st.posts.nrows > 0)
		seed_take_ids(&st.posts);

	st.batchcxt = AllocSetContextCreate(CurrentMemoryContext,
										"sysdesign seed batch context",
										ALLOCSET_DEFAULT_SIZES);

	seed_table(&st, &st.users);
	if (st.posts.nrows > 0)
	{
		/* Make the new users visible to the checks of the posts. */
		CommandCounterIncrement();
		seed_table(&st, &st.posts);
	}

	MemoryContextDelete(st.batchcxt);

	/* Keep the locks until the end of the transaction. */
	table_close(st.posts.rel, NoLock);
	table_close(st.users.rel, NoLock);

	PG_RETURN_INT64(st.posts.inserted);
}

/*
 * seed_check_arguments
 *
 * Refuses NULL, a count of users below one, a negative count of posts,
 * and a number of posts that post_id, a serial (int4) column, cannot
 * number.  Zero posts per user is allowed: it seeds users without posts.
 */
static void
seed_check_arguments(FunctionCallInfo fcinfo)
{
	int32		nusers;
	int32		per_user;
	int64		total;

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("number of users must not be null")));
	if (PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("number of posts per user must not be null")));

	nusers = PG_GETARG_INT32(0);
	per_user = PG_GETARG_INT32(1);

	if (nusers <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("number of users must be greater than zero"),
				 errdetail("The value given was %d.", nusers)));
	if (per_user < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("number of posts per user must not be negative"),
				 errdetail("The value given was %d.", per_user)));

	total = (int64) nusers * per_user;
	if (total > PG_INT32_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("too many posts requested"),
				 errdetail("%d users with %d posts each make %lld posts, but post_id is an integer column that numbers at most %d.",
						   nusers, per_user, (long long) total, PG_INT32_MAX)));
}

/*
 * seed_extension_schema
 *
 * The schema the sysdesign extension is installed in.  PostgreSQL 15 does
 * not export get_extension_schema(), so read pg_extension directly.
 */
static Oid
seed_extension_schema(void)
{
	Oid			extoid = get_extension_oid("sysdesign", false);
	Relation	rel;
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple	tuple;
	Oid			nspid = InvalidOid;

	rel = table_open(ExtensionRelationId, AccessShareLock);
	ScanKeyInit(&key, Anum_pg_extension_oid, BTEqualStrategyNumber,
				F_OIDEQ, ObjectIdGetDatum(extoid));
	scan = systable_beginscan(rel, ExtensionOidIndexId, true, NULL, 1, &key);
	tuple = systable_getnext(scan);
	if (HeapTupleIsValid(tuple))
		nspid = ((Form_pg_extension) GETSTRUCT(tuple))->extnamespace;
	systable_endscan(scan);
	table_close(rel, AccessShareLock);

	if (!OidIsValid(nspid))
		elog(ERROR, "could not find the schema of extension \"sysdesign\"");
	return nspid;
}

/*
 * seed_open_table
 *
 * Looks the table up in the extension's schema, checks that the caller
 * may insert into it, and opens it with SHARE ROW EXCLUSIVE.  Notes
 * whether its heap had any page at all at that moment.
 */
static void
seed_open_table(SeedTable *t, Oid nspid)
{
	Oid			relid = get_relname_relid(t->name, nspid);

	if (!OidIsValid(relid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("relation \"%s.%s\" does not exist",
						get_namespace_name(nspid), t->name),
				 errhint("The table belongs to extension \"sysdesign\"; reinstall the extension to get it back.")));

	seed_check_privileges(t, relid);
	t->rel = table_open(relid, ShareRowExclusiveLock);

	/*
	 * XXX "Empty" means no page at all, as after CREATE or TRUNCATE.  A
	 * table emptied by DELETE keeps its pages until VACUUM truncates them,
	 * and gets its index entries row by row: correct, but slower.  Telling
	 * it apart would take a scan of those pages.
	 */
	t->was_empty = (RelationGetNumberOfBlocks(t->rel) == 0);
	t->seqid = seed_id_sequence(t);
}

/*
 * seed_check_privileges
 *
 * Raises the error a plain INSERT raises when the caller may not insert
 * into the table: INSERT on the table, or else on each column the seeder
 * writes (the first four: the id and the lesson's data columns).
 */
static void
seed_check_privileges(SeedTable *t, Oid relid)
{
	Oid			userid = GetUserId();
	int			i;

	if (pg_class_aclcheck(relid, userid, ACL_INSERT) == ACLCHECK_OK)
		return;

	for (i = 0; i < SEED_WRITTEN_COLUMNS; i++)
	{
		AttrNumber	attnum = get_attnum(relid, t->columns[i].name);

		if (attnum == InvalidAttrNumber ||
			pg_attribute_aclcheck(relid, attnum, userid,
								  ACL_INSERT) != ACLCHECK_OK)
			aclcheck_error(ACLCHECK_NO_PRIV, OBJECT_TABLE, t->name);
	}
}

/*
 * seed_id_sequence
 *
 * The sequence whose nextval() is the default of the table's id column,
 * which is what a plain INSERT would draw the id from.
 */
static Oid
seed_id_sequence(SeedTable *t)
{
	const char *colname = t->columns[0].name;
	AttrNumber	attnum = get_attnum(RelationGetRelid(t->rel), colname);
	Node	   *expr = NULL;

	if (attnum != InvalidAttrNumber)
		expr = build_column_default(t->rel, attnum);

	/* a serial column's default casts nextval()'s bigint to integer */
	if (expr && IsA(expr, FuncExpr) &&
		((FuncExpr *) expr)->funcformat == COERCE_IMPLICIT_CAST &&
		list_length(((FuncExpr *) expr)->args) == 1)
		expr = linitial(((FuncExpr *) expr)->args);

	if (expr && IsA(expr, FuncExpr) &&
		((FuncExpr *) expr)->funcid == F_NEXTVAL)
	{
		Node	   *arg = linitial(((FuncExpr *) expr)->args);

		if (IsA(arg, Const) && ((Const *) arg)->consttype == REGCLASSOID &&
			!((Const *) arg)->constisnull)
			return DatumGetObjectId(((Const *) arg)->constvalue);
	}

	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("column \"%s\" of relation \"%s\" does not take its values from a sequence",
					colname, t->name),
			 errdetail("seed_posts() draws ids from the sequence named in the column's default, as a serial column has it.")));
	return InvalidOid;			/* keep compiler quiet */
}

/*
 * seed_fast_path_blocker
 *
 * Returns NULL when the table can take the fast path, or else why not, as
 * a phrase for a DEBUG1 message.  Anything a plain INSERT would run and
 * the fast path would skip sends the table down the executor path.
 */
static const char *
seed_fast_path_blocker(SeedTable *t, Oid users_relid)
{
	Relation	rel = t->rel;
	TupleDesc	desc = RelationGetDescr(rel);
	List	   *indexes;
	ListCell   *lc;
	int			i;
	int			k;

	/* check_enable_rls() itself raises the error of row_security = off */
	if (check_enable_rls(RelationGetRelid(rel), InvalidOid, false) ==
		RLS_ENABLED)
		return "row-level security applies to it";

	if (rel->rd_rel->relkind != RELKIND_RELATION)
		return "it is not a plain table";

	/*
	 * The columns must be the lesson's, in its order; dropped columns may
	 * lie in between, the new rows get NULL there.
	 */
	k = 0;
	for (i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);

		if (att->attisdropped)
			continue;
		if (k >= t->ncolumns ||
			strcmp(NameStr(att->attname), t->columns[k].name) != 0 ||
			att->atttypid != t->columns[k].typid ||
			att->atttypmod != t->columns[k].typmod ||
			att->attidentity != '\0' || att->attgenerated != '\0')
			return "its columns are not the lesson's";

		/* a column we leave out must be what an omitted column gets */
		if (k >= SEED_WRITTEN_COLUMNS && (att->atthasdef || att->attnotnull))
			return "a column it leaves NULL has a default or is NOT NULL";

		t->attidx[k++] = i;
	}
	if (k != t->ncolumns)
		return "its columns are not the lesson's";

	if (desc->constr && desc->constr->num_check > 0)
		return "it has a CHECK constraint";

	if (rel->rd_rules)
	{
		for (i = 0; i < rel->rd_rules->numLocks; i++)
			if (rel->rd_rules->rules[i]->event == CMD_INSERT)
				return "it has a rule on INSERT";
	}

	if (rel->trigdesc)
	{
		for (i = 0; i < rel->trigdesc->numtriggers; i++)
		{
			Trigger    *trigger = &rel->trigdesc->triggers[i];

			if (TRIGGER_FOR_INSERT(trigger->tgtype) &&
				!(t->columns == seed_posts_columns &&
				  seed_is_lesson_fk_trigger(rel, trigger, users_relid)))
				return "it has a trigger on INSERT";
		}
	}

	/*
	 * A deferrable unique or exclusion constraint needs its recheck
	 * trigger, which the trigger test above already catches; say so
	 * plainly all the same, since ExecInsertIndexTuples() would ask us to
	 * queue the rechecks.
	 */
	indexes = RelationGetIndexList(rel);
	foreach(lc, indexes)
	{
		HeapTuple	tuple;
		bool		immediate;

		tuple = SearchSysCache1(INDEXRELID, ObjectIdGetDatum(lfirst_oid(lc)));
		if (!HeapTupleIsValid(tuple))
			elog(ERROR, "cache lookup failed for index %u", lfirst_oid(lc));
		immediate = ((Form_pg_index) GETSTRUCT(tuple))->indimmediate;
		ReleaseSysCache(tuple);
		if (!immediate)
		{
			list_free(indexes);
			return "it has a deferrable constraint";
		}
	}
	list_free(indexes);

	return NULL;
}

/*
 * seed_is_lesson_fk_trigger
 *
 * Is the trigger the insert check of the lesson's foreign key, posts
 * (user_id) REFERENCES users (user_id)?  The fast path skips that check
 * and only that one: every post it writes references a user row that the
 * same call has just inserted and that no other transaction can see, let
 * alone delete, before we commit.  The key holds by construction.
 */
static bool
seed_is_lesson_fk_trigger(Relation posts, Trigger *trigger, Oid users_relid)
{
	ListCell   *lc;

	if (RI_FKey_trigger_type(trigger->tgfoid) != RI_TRIGGER_FK)
		return false;

	foreach(lc, RelationGetFKeyList(posts))
	{
		ForeignKeyCacheInfo *fk = (ForeignKeyCacheInfo *) lfirst(lc);

		if (fk->conoid != trigger->tgconstraint)
			continue;
		return fk->confrelid == users_relid &&
			fk->nkeys == 1 &&
			fk->conkey[0] == SEED_POSTS_USER_ID &&
			fk->confkey[0] == SEED_USERS_USER_ID;
	}
	return false;
}

/*
 * seed_parse_user_number
 *
 * If the email has the seeder's form user<i>@example.com, stores <i> and
 * returns true.  An <i> too large for int64 draws an error, since no new
 * user could be numbered after it.
 */
static bool
seed_parse_user_number(const char *email, int len, int64 *number)
{
	static const char prefix[] = "user";
	static const char suffix[] = "@example.com";
	const int	plen = sizeof(prefix) - 1;
	const int	slen = sizeof(suffix) - 1;
	int64		n = 0;
	int			i;

	if (len <= plen + slen ||
		memcmp(email, prefix, plen) != 0 ||
		memcmp(email + len - slen, suffix, slen) != 0)
		return false;

	for (i = plen; i < len - slen; i++)
	{
		if (email[i] < '0' || email[i] > '9')
			return false;
		if (pg_mul_s64_overflow(n, 10, &n) ||
			pg_add_s64_overflow(n, email[i] - '0', &n))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("cannot number new users after \"%.*s\"",
							len, email)));
	}
	*number = n;
	return true;
}

/*
 * seed_next_user_number
 *
 * The <i> of the first new user: one past the largest <i> of any email of
 * the form user<i>@example.com already in users, whoever inserted it, so
 * that the new emails cannot collide with the old ones.  The scan reads
 * every row, regardless of row-level security, under a fresh snapshot:
 * our lock keeps out writers, and the snapshot sees every row committed
 * before it, even in a REPEATABLE READ transaction.
 */
static int64
seed_next_user_number(SeedState *st)
{
	Relation	rel = st->users.rel;
	AttrNumber	attnum;
	Snapshot	snapshot;
	TableScanDesc scan;
	TupleTableSlot *slot;
	int64		maxnum = 0;
	int64		result;
	uint64		nrows = 0;

	if (st->users.was_empty)
		return 1;

	attnum = get_attnum(RelationGetRelid(rel), "email");
	if (attnum == InvalidAttrNumber)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("column \"%s\" of relation \"%s\" does not exist",
						"email", RelationGetRelationName(rel))));

	snapshot = RegisterSnapshot(GetLatestSnapshot());
	scan = table_beginscan(rel, snapshot, 0, NULL);
	slot = table_slot_create(rel, NULL);

	while (table_scan_getnextslot(scan, ForwardScanDirection, slot))
	{
		bool		isnull;
		Datum		d;
		text	   *email;
		int64		n;

		if (++nrows % 1024 == 0)
			CHECK_FOR_INTERRUPTS();

		d = slot_getattr(slot, attnum, &isnull);
		if (isnull)
			continue;
		email = DatumGetTextPP(d);
		if (seed_parse_user_number(VARDATA_ANY(email),
								   VARSIZE_ANY_EXHDR(email), &n) &&
			n > maxnum)
			maxnum = n;
		if ((Pointer) email != DatumGetPointer(d))
			pfree(email);
	}

	ExecDropSingleTupleTableSlot(slot);
	table_endscan(scan);
	UnregisterSnapshot(snapshot);

	if (pg_add_s64_overflow(maxnum, st->nusers, &result))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("cannot number %d new users after \"user%lld@example.com\"",
						st->nusers, (long long) maxnum)));
	return maxnum + 1;
}

/*
 * seed_run_as_owner
 *
 * Switches to the owner of a relation, for the few steps below that need
 * more than the caller's rights but do only what the caller could do
 * otherwise.  Restore with SetUserIdAndSecContext(); an error restores it
 * on its own.
 */
static void
seed_run_as_owner(Oid relid, Oid *save_userid, int *save_sec_context)
{
	HeapTuple	tuple;
	Oid			owner;

	tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	if (!HeapTupleIsValid(tuple))
		elog(ERROR, "cache lookup failed for relation %u", relid);
	owner = ((Form_pg_class) GETSTRUCT(tuple))->relowner;
	ReleaseSysCache(tuple);

	GetUserIdAndSecContext(save_userid, save_sec_context);
	SetUserIdAndSecContext(owner,
						   *save_sec_context | SECURITY_LOCAL_USERID_CHANGE);
}

/*
 * seed_plan_ids
 *
 * Locks the table's id sequence against nextval() elsewhere and works out
 * the t->nrows ids the new rows get: the values that as many nextval()
 * calls would return right now, counted from the sequence's own state on
 * disk, past any value another backend holds in its cache.  Raises an
 * error, with nothing changed, if the sequence or the integer column
 * cannot hold them.  seed_take_ids() then moves the sequence past them.
 *
 * The caller needs USAGE (or UPDATE) on the sequence, as for nextval(),
 * and gets nextval()'s error without it.  The state is read as the owner,
 * since reading it would otherwise need SELECT, which INSERT does not.
 *
 * The lock is SHARE ROW EXCLUSIVE, as ALTER SEQUENCE takes it; it waits
 * for any transaction that has called nextval() on the sequence and not
 * ended yet, which also wrote the table and is waited for anyway.
 */
static void
seed_plan_ids(SeedTable *t)
{
	HeapTuple	tuple;
	Form_pg_sequence seqform;
	int64		increment;
	int64		maxvalue;
	int64		last_value;
	bool		is_called;
	bool		isnull;
	int64		first;
	int64		last;
	char	   *seqname = get_rel_name(t->seqid);
	StringInfoData sql;
	Oid			save_userid;
	int			save_sec_context;

	if (pg_class_aclcheck(t->seqid, GetUserId(),
						  ACL_USAGE | ACL_UPDATE) != ACLCHECK_OK)
		aclcheck_error(ACLCHECK_NO_PRIV, OBJECT_SEQUENCE, seqname);

	tuple = SearchSysCache1(SEQRELID, ObjectIdGetDatum(t->seqid));
	if (!HeapTupleIsValid(tuple))
		elog(ERROR, "cache lookup failed for sequence %u", t->seqid);
	seqform = (Form_pg_sequence) GETSTRUCT(tuple);
	increment = seqform->seqincrement;
	maxvalue = Min(seqform->seqmax, PG_INT32_MAX);
	ReleaseSysCache(tuple);

	if (increment <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("sequence \"%s\" does not count upwards", seqname),
				 errdetail("seed_posts() needs an increasing sequence for the ids of relation \"%s\".",
						   t->name)));

	LockRelationOid(t->seqid, ShareRowExclusiveLock);

	initStringInfo(&sql);
	appendStringInfo(&sql, "SELECT last_value, is_called FROM %s",
					 quote_qualified_identifier(
						get_namespace_name(get_rel_namespace(t->seqid)),
						seqname));
	seed_run_as_owner(t->seqid, &save_userid, &save_sec_context);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute(sql.data, true, 1) != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "could not read sequence \"%s\"", seqname);
	last_value = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0],
											 SPI_tuptable->tupdesc, 1,
											 &isnull));
	is_called = DatumGetBool(SPI_getbinval(SPI_tuptable->vals[0],
										   SPI_tuptable->tupdesc, 2,
										   &isnull));
	SPI_finish();
	SetUserIdAndSecContext(save_userid, save_sec_context);
	pfree(sql.data);

	first = last_value;
	if ((is_called && pg_add_s64_overflow(last_value, increment, &first)) ||
		pg_mul_s64_overflow(t->nrows - 1, increment, &last) ||
		pg_add_s64_overflow(first, last, &last) ||
		last > maxvalue)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("sequence \"%s\" cannot supply %lld more values",
						seqname, (long long) t->nrows),
				 errdetail("Its next value is %lld and column \"%s\" of relation \"%s\" takes at most %lld.",
						   (long long) first, t->columns[0].name, t->name,
						   (long long) maxvalue)));

	t->first_id = first;
	t->last_id = last;
	t->id_step = increment;
}

/*
 * seed_take_ids
 *
 * Moves the sequence to the last id planned by seed_plan_ids(), as
 * setval(last, true) does: where as many nextval() calls would leave it.
 * A later plain INSERT draws past the new rows and never collides with
 * them.  setval() demands UPDATE on the sequence, which INSERT does not,
 * so it runs as the owner: it only moves the sequence where the caller's
 * own nextval() calls could have moved it.  Then the lock goes, early:
 * sequences are not transactional anyway.
 */
static void
seed_take_ids(SeedTable *t)
{
	Oid			save_userid;
	int			save_sec_context;

	seed_run_as_owner(t->seqid, &save_userid, &save_sec_context);
	DirectFunctionCall3(setval3_oid, ObjectIdGetDatum(t->seqid),
						Int64GetDatum(t->last_id), BoolGetDatum(true));
	SetUserIdAndSecContext(save_userid, save_sec_context);

	UnlockRelationOid(t->seqid, ShareRowExclusiveLock);
}

/*
 * seed_fill_user
 *
 * Row rowno of the new users: user<i>@example.com, pass<i>, User <i>.
 * The strings are allocated in the current (batch) memory context.  The
 * fast path does not run the varchar(255) length check: with <i> at most
 * 19 digits, no string here or in seed_fill_post() exceeds 41 characters.
 */
static void
seed_fill_user(SeedState *st, int64 rowno, Datum *values, bool *isnull)
{
	int64		i = st->first_number + rowno;

	values[0] = Int32GetDatum((int32) (st->users.first_id +
									   rowno * st->users.id_step));
	values[1] = seed_text("user", i, "@example.com");
	values[2] = seed_text("pass", i, "");
	values[3] = seed_text("User ", i, "");
	memset(isnull, 0, 4 * sizeof(bool));
}

/*
 * seed_fill_post
 *
 * Row rowno of the new posts: post j of user u, in the order user by
 * user, j = 1 .. posts_per_user.  image is left NULL.
 */
static void
seed_fill_post(SeedState *st, int64 rowno, Datum *values, bool *isnull)
{
	int64		u = rowno / st->per_user;
	int64		j = rowno % st->per_user + 1;

	values[0] = Int32GetDatum((int32) (st->posts.first_id +
									   rowno * st->posts.id_step));
	values[1] = Int32GetDatum((int32) (st->users.first_id +
									   u * st->users.id_step));
	values[2] = seed_text("Title ", j, "");
	values[3] = seed_text("Description for post ", j, "");
	values[4] = (Datum) 0;
	memset(isnull, 0, 4 * sizeof(bool));
	isnull[4] = true;
}

/*
 * seed_text
 *
 * A text datum prefix || number || suffix, built without snprintf(),
 * which would cost more than everything else in forming a row.
 */
static Datum
seed_text(const char *prefix, int64 number, const char *suffix)
{
	char		digits[MAXINT8LEN + 1];
	int			ndigits = pg_lltoa(number, digits);
	size_t		plen = strlen(prefix);
	size_t		slen = strlen(suffix);
	text	   *result = (text *) palloc(VARHDRSZ + plen + ndigits + slen);
	char	   *p = VARDATA(result);

	SET_VARSIZE(result, VARHDRSZ + plen + ndigits + slen);
	memcpy(p, prefix, plen);
	memcpy(p + plen, digits, ndigits);
	memcpy(p + plen + ndigits, suffix, slen);
	return PointerGetDatum(result);
}

/*
 * seed_progress_start
 *
 * Shows the table's seeding as a row of pg_stat_progress_copy, where it
 * reads as a COPY FROM of type CALLBACK, with tuples_processed counting
 * the rows written so far.
 */
static void
seed_progress_start(SeedTable *t)
{
	const int	index[] = {PROGRESS_COPY_COMMAND, PROGRESS_COPY_TYPE};
	const int64 value[] = {PROGRESS_COPY_COMMAND_FROM,
	PROGRESS_COPY_TYPE_CALLBACK};

	pgstat_progress_start_command(PROGRESS_COMMAND_COPY,
								  RelationGetRelid(t->rel));
	pgstat_progress_update_multi_param(2, index, value);
}

/*
 * seed_table
 *
 * Inserts the new rows of one table along its path, and on the fast path
 * rebuilds its indexes afterwards if seed_plan_rebuild() said so.
 */
static void
seed_table(SeedState *st, SeedTable *t)
{
	if (t->slow_reason)
	{
		ereport(DEBUG1,
				(errmsg_internal("seeding \"%s\" through INSERT statements: %s",
								 t->name, t->slow_reason)));
		seed_progress_start(t);
		seed_executor(st, t);
		pgstat_progress_end_command();
		return;
	}

	ereport(DEBUG1,
			(errmsg_internal("seeding \"%s\" in bulk, %s",
							 t->name,
							 t->rebuild ? "then rebuilding its indexes" :
							 "with its index entries row by row")));

	seed_progress_start(t);
	seed_fast(st, t, t->rebuild);
	pgstat_progress_end_command();

	/* reindex_index() reports its own progress, as CREATE INDEX */
	if (t->rebuild)
		seed_rebuild_indexes(t);
}

/*
 * seed_plan_rebuild
 *
 * Decides whether the table's indexes are rebuilt after its rows are
 * written: on the fast path, when its heap had no page at the start.  The
 * ACCESS EXCLUSIVE locks that REINDEX needs are taken now, before any row
 * of either table is written, so that a session using those indexes is
 * waited for up front rather than after the work.
 */
static void
seed_plan_rebuild(SeedTable *t)
{
	List	   *indexes;
	ListCell   *lc;

	t->rebuild = (t->slow_reason == NULL && t->was_empty &&
				  t->rel->rd_rel->relhasindex);
	if (!t->rebuild)
		return;

	indexes = RelationGetIndexList(t->rel);
	foreach(lc, indexes)
		LockRelationOid(lfirst_oid(lc), AccessExclusiveLock);
	list_free(indexes);
}

/*
 * seed_fast
 *
 * The fast path: forms each batch of rows in a set of slots and writes
 * it with one table_multi_insert() call, through a BulkInsertState so
 * that the batches fill page after page without asking the free space map
 * each time.  Unless the indexes are to be rebuilt afterwards, every row
 * gets its index entries through ExecInsertIndexTuples(), which checks
 * uniqueness against the rows already in the table.
 */
static void
seed_fast(SeedState *st, SeedTable *t, bool rebuild)
{
	Relation	rel = t->rel;
	CommandId	cid = GetCurrentCommandId(true);
	int			options = t->was_empty ? TABLE_INSERT_SKIP_FSM : 0;
	BulkInsertState bistate = GetBulkInsertState();
	EState	   *estate = NULL;
	ResultRelInfo *rri = NULL;
	int			natts = RelationGetDescr(rel)->natts;
	bool		direct = (natts == t->ncolumns);
	Datum		values[lengthof(seed_posts_columns)];
	bool		isnull[lengthof(seed_posts_columns)];
	TupleTableSlot **slots;
	int64		done;
	int			i;
	int			k;

	if (!rebuild && rel->rd_rel->relhasindex)
	{
		estate = CreateExecutorState();
		rri = makeNode(ResultRelInfo);
		InitResultRelInfo(rri, rel, 1, NULL, 0);
		ExecOpenIndices(rri, false);
	}

	slots = palloc(sizeof(TupleTableSlot *) * SEED_BATCH_ROWS);
	for (i = 0; i < SEED_BATCH_ROWS; i++)
		slots[i] = table_slot_create(rel, NULL);

	for (done = 0; done < t->nrows;)
	{
		int			n = (int) Min(SEED_BATCH_ROWS, t->nrows - done);
		MemoryContext oldcxt;

		CHECK_FOR_INTERRUPTS();

		/*
		 * Form the batch and write it inside the batch context: the
		 * strings, and whatever table_multi_insert() and the index
		 * insertions allocate as they go, die with the next reset.  The
		 * formed tuples themselves live in the slots' own context.
		 */
		MemoryContextReset(st->batchcxt);
		oldcxt = MemoryContextSwitchTo(st->batchcxt);
		for (i = 0; i < n; i++)
		{
			TupleTableSlot *slot = slots[i];

			ExecClearTuple(slot);
			if (direct)
				t->fill(st, done + i, slot->tts_values, slot->tts_isnull);
			else
			{
				/* spread the lesson's columns among the dropped ones */
				t->fill(st, done + i, values, isnull);
				memset(slot->tts_isnull, true, natts * sizeof(bool));
				for (k = 0; k < t->ncolumns; k++)
				{
					slot->tts_values[t->attidx[k]] = values[k];
					slot->tts_isnull[t->attidx[k]] = isnull[k];
				}
			}
			ExecStoreVirtualTuple(slot);
		}

		table_multi_insert(rel, slots, n, cid, options, bistate);

		if (rri && rri->ri_NumIndices > 0)
		{
			for (i = 0; i < n; i++)
			{
				List	   *recheck;

#if PG_VERSION_NUM >= 160000
				recheck = ExecInsertIndexTuples(rri, slots[i], estate,
												false, false, NULL, NIL,
												false);
#else
				recheck = ExecInsertIndexTuples(rri, slots[i], estate,
												false, false, NULL, NIL);
#endif
				/* no deferrable index on this path: nothing to recheck */
				Assert(recheck == NIL);
				(void) recheck;
				ResetPerTupleExprContext(estate);
			}
		}
		MemoryContextSwitchTo(oldcxt);

		done += n;
		t->inserted = done;
		pgstat_progress_update_param(PROGRESS_COPY_TUPLES_PROCESSED, done);
	}

	for (i = 0; i < SEED_BATCH_ROWS; i++)
		ExecDropSingleTupleTableSlot(slots[i]);
	pfree(slots);

	FreeBulkInsertState(bistate);
	table_finish_bulk_insert(rel, options);

	if (rri)
	{
		ExecCloseIndices(rri);
		FreeExecutorState(estate);
	}
}

/*
 * seed_rebuild_indexes
 *
 * Rebuilds every index of a table that was empty before this call: one
 * sorted build costs far less than maintaining a b-tree row by row.  It
 * is REINDEX's own code, so each index gets new storage, is built from
 * the whole heap (our rows included, as CREATE INDEX after INSERT in one
 * transaction sees them), checked for uniqueness, WAL-logged as usual,
 * and shows in pg_stat_progress_create_index as a REINDEX.  If the
 * transaction aborts, the old, empty index storage comes back.
 */
static void
seed_rebuild_indexes(SeedTable *t)
{
	ReindexParams params = {0};
	List	   *indexes = RelationGetIndexList(t->rel);
	char		persistence = t->rel->rd_rel->relpersistence;
	ListCell   *lc;

	params.options = REINDEXOPT_REPORT_PROGRESS;

	/* Make the heap rows ours to index. */
	CommandCounterIncrement();

	foreach(lc, indexes)
	{
		CHECK_FOR_INTERRUPTS();
#if PG_VERSION_NUM >= 170000
		reindex_index(NULL, lfirst_oid(lc), false, persistence, &params);
#else
		reindex_index(lfirst_oid(lc), false, persistence, &params);
#endif
		CommandCounterIncrement();
	}
	list_free(indexes);
}

/*
 * seed_executor
 *
 * The executor path: one INSERT ... SELECT through SPI for each chunk of
 * rows, the rows passed as arrays, one per column, so that the statement
 * has no operator or function a hostile search_path could replace.  The
 * executor then does all that a plain INSERT does; the row count comes
 * from it, so rows that a BEFORE trigger or a rule dropped are not
 * counted.
 */
static void
seed_executor(SeedState *st, SeedTable *t)
{
	Oid			argtypes[SEED_WRITTEN_COLUMNS];
	Datum		args[SEED_WRITTEN_COLUMNS];
	Datum		values[lengthof(seed_posts_columns)];
	bool		isnull[lengthof(seed_posts_columns)];
	Datum	   *columns[SEED_WRITTEN_COLUMNS];
	char	   *nspname;
	StringInfoData sql;
	SPIPlanPtr	plan;
	int64		done;
	int			c;

	nspname = get_namespace_name(RelationGetNamespace(t->rel));
	initStringInfo(&sql);
	appendStringInfo(&sql, "INSERT INTO %s (",
					 quote_qualified_identifier(nspname, t->name));
	for (c = 0; c < SEED_WRITTEN_COLUMNS; c++)
	{
		argtypes[c] = t->columns[c].typid == INT4OID ?
			INT4ARRAYOID : TEXTARRAYOID;
		appendStringInfo(&sql, "%s%s", c > 0 ? ", " : "",
						 quote_identifier(t->columns[c].name));
	}
	appendStringInfoString(&sql, ") SELECT * FROM ROWS FROM (");
	for (c = 0; c < SEED_WRITTEN_COLUMNS; c++)
		appendStringInfo(&sql, "%spg_catalog.unnest($%d)",
						 c > 0 ? ", " : "", c + 1);
	appendStringInfoChar(&sql, ')');

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	plan = SPI_prepare(sql.data, SEED_WRITTEN_COLUMNS, argtypes);
	if (plan == NULL)
		elog(ERROR, "SPI_prepare failed for \"%s\": %s",
			 sql.data, SPI_result_code_string(SPI_result));

	for (done = 0; done < t->nrows;)
	{
		int			n = (int) Min(SEED_SPI_ROWS, t->nrows - done);
		MemoryContext oldcxt;
		int			rc;
		int			i;

		CHECK_FOR_INTERRUPTS();

		MemoryContextReset(st->batchcxt);
		oldcxt = MemoryContextSwitchTo(st->batchcxt);
		for (c = 0; c < SEED_WRITTEN_COLUMNS; c++)
			columns[c] = palloc(sizeof(Datum) * n);
		for (i = 0; i < n; i++)
		{
			t->fill(st, done + i, values, isnull);
			for (c = 0; c < SEED_WRITTEN_COLUMNS; c++)
				columns[c][i] = values[c];
		}
		for (c = 0; c < SEED_WRITTEN_COLUMNS; c++)
		{
			if (argtypes[c] == INT4ARRAYOID)
				args[c] = PointerGetDatum(construct_array(columns[c], n,
														  INT4OID,
														  sizeof(int32),
														  true,
														  TYPALIGN_INT));
			else
				args[c] = PointerGetDatum(construct_array(columns[c], n,
														  TEXTOID, -1,
														  false,
														  TYPALIGN_INT));
		}
		MemoryContextSwitchTo(oldcxt);

		rc = SPI_execute_plan(plan, args, NULL, false, 0);
		if (rc < 0)
			elog(ERROR, "SPI_execute_plan failed: %s",
				 SPI_result_code_string(rc));
		if (rc == SPI_OK_INSERT)
			t->inserted += SPI_processed;

		done += n;
		pgstat_progress_update_param(PROGRESS_COPY_TUPLES_PROCESSED, done);
	}

	SPI_finish();
	pfree(sql.data);
}
