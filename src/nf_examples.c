/*-------------------------------------------------------------------------
 *
 * nf_examples.c
 *	  The lesson's example tables, created on demand.
 *
 * nf_examples(schema) creates, in a schema the caller picks, the tables
 * the lesson uses to teach the normal forms, with a few rows each and the
 * dependencies the lesson states declared on them:
 *
 *	 enrollments  2NF violated: course_name and instructor_name depend on
 *				  course_id, part of the key (student_id, course_id);
 *	 employees	  3NF violated: department_name depends on the key
 *				  employee_id only through department_id;
 *	 the library  users, library_cards (one per user), books, genres and
 *				  the many-to-many book_genres: a design in BCNF.
 *
 * The library has its own users table.  It does not clash with the
 * extension's users table as long as the two live in different schemas,
 * which is why the caller names the schema and every statement below
 * qualifies its names with it.  The tables are created with the caller's
 * rights and belong to the caller.
 *
 * IDENTIFICATION
 *	  sysdesign/src/nf_examples.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/namespace.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "normalize.h"

/*
 * The statements, in order.  %1$s stands for the quoted schema name.
 * Rows are few and fixed, so that reports on them are reproducible.
 */
static const char *const nf_example_sql[] = {
	"CREATE SCHEMA IF NOT EXISTS %1$s",

	"CREATE TABLE %1$s.enrollments ("
	" student_id integer NOT NULL,"
	" course_id integer NOT NULL,"
	" course_name text NOT NULL,"
	" instructor_name text NOT NULL,"
	" PRIMARY KEY (student_id, course_id))",
	"INSERT INTO %1$s.enrollments VALUES"
	" (1, 101, 'Databases', 'Dr. Codd'),"
	" (1, 102, 'Algorithms', 'Dr. Knuth'),"
	" (2, 101, 'Databases', 'Dr. Codd'),"
	" (3, 101, 'Databases', 'Dr. Codd'),"
	" (3, 103, 'Networks', 'Dr. Cerf')",

	"CREATE TABLE %1$s.employees ("
	" employee_id integer PRIMARY KEY,"
	" name text NOT NULL,"
	" department_id integer NOT NULL,"
	" department_name text NOT NULL)",
	"INSERT INTO %1$s.employees VALUES"
	" (1, 'Alice', 10, 'Engineering'),"
	" (2, 'Bob', 10, 'Engineering'),"
	" (3, 'Carol', 20, 'Sales'),"
	" (4, 'Dave', 30, 'Support')",

	"CREATE TABLE %1$s.users ("
	" user_id integer PRIMARY KEY,"
	" name text NOT NULL,"
	" email text NOT NULL UNIQUE)",
	"INSERT INTO %1$s.users VALUES"
	" (1, 'Ada', 'ada@example.com'),"
	" (2, 'Brian', 'brian@example.com'),"
	" (3, 'Chen', 'chen@example.com')",

	"CREATE TABLE %1$s.library_cards ("
	" card_id integer PRIMARY KEY,"
	" user_id integer NOT NULL UNIQUE REFERENCES %1$s.users (user_id),"
	" issued_on date NOT NULL)",
	"INSERT INTO %1$s.library_cards VALUES"
	" (501, 1, '2024-01-15'),"
	" (502, 2, '2024-02-01'),"
	" (503, 3, '2024-03-10')",

	"CREATE TABLE %1$s.books ("
	" book_id integer PRIMARY KEY,"
	" title text NOT NULL,"
	" author text NOT NULL,"
	" published_year integer)",
	"INSERT INTO %1$s.books VALUES"
	" (1, 'A Relational Model of Data', 'E. F. Codd', 1970),"
	" (2, 'The Art of Computer Programming', 'D. E. Knuth', 1968),"
	" (3, 'Database System Concepts', 'A. Silberschatz', 1986)",

	"CREATE TABLE %1$s.genres ("
	" genre_id integer PRIMARY KEY,"
	" name text NOT NULL UNIQUE)",
	"INSERT INTO %1$s.genres VALUES"
	" (1, 'Computer science'), (2, 'Databases'), (3, 'Mathematics')",

	"CREATE TABLE %1$s.book_genres ("
	" book_id integer REFERENCES %1$s.books (book_id),"
	" genre_id integer REFERENCES %1$s.genres (genre_id),"
	" PRIMARY KEY (book_id, genre_id))",
	"INSERT INTO %1$s.book_genres VALUES"
	" (1, 1), (1, 2), (2, 1), (2, 3), (3, 1), (3, 2)",

	"COMMENT ON TABLE %1$s.enrollments IS 'Normal-form example: course_name"
	" and instructor_name depend on course_id, part of the key; not in 2NF'",
	"COMMENT ON TABLE %1$s.employees IS 'Normal-form example: department_name"
	" depends on the key only through department_id; not in 3NF'",
	"COMMENT ON TABLE %1$s.users IS 'Normal-form example: library members,"
	" with two candidate keys; in BCNF'",
	"COMMENT ON TABLE %1$s.library_cards IS 'Normal-form example: one card"
	" per user; in BCNF'",
	"COMMENT ON TABLE %1$s.books IS 'Normal-form example: the library''s"
	" books; in BCNF'",
	"COMMENT ON TABLE %1$s.genres IS 'Normal-form example: book genres;"
	" in BCNF'",
	"COMMENT ON TABLE %1$s.book_genres IS 'Normal-form example: which books"
	" have which genres, many to many; in BCNF'",
};

/* The tables created, in the order they are returned. */
static const char *const nf_example_tables[] = {
	"enrollments", "employees", "users", "library_cards", "books",
	"genres", "book_genres",
};

PG_FUNCTION_INFO_V1(sysdesign_nf_examples);

/*
 * sysdesign_nf_examples
 *
 * nf_examples(target_schema name) returns setof regclass: create the
 * example tables, creating the schema when it does not exist, declare the
 * lesson's dependencies, and return the tables.  Any error, such as a
 * table of the same name already in the schema, undoes all of it.
 */
Datum
sysdesign_nf_examples(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Oid			catnsp = nf_catalog_namespace(fcinfo);
	const char *schema;
	const char *qschema;
	Oid			nspid;
	char	   *course_lhs[] = {"course_id"};
	char	   *course_rhs[] = {"course_name", "instructor_name"};
	char	   *dept_lhs[] = {"department_id"};
	char	   *dept_rhs[] = {"department_name"};

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("the schema of the examples must not be null")));
	schema = NameStr(*PG_GETARG_NAME(0));
	qschema = quote_identifier(schema);
	if (get_namespace_oid(schema, true) == catnsp)
		ereport(ERROR,
				(errcode(ERRCODE_DUPLICATE_TABLE),
				 errmsg("cannot create the examples in schema \"%s\"", schema),
				 errdetail("The schema holds the extension's own users table, and the library example has a users table of its own."),
				 errhint("Name another schema, for example: SELECT nf_examples('lesson');")));

	/* A set of a scalar type: the expected descriptor has one column. */
	InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	for (int i = 0; i < lengthof(nf_example_sql); i++)
	{
		char	   *sql = psprintf(nf_example_sql[i], qschema);
		int			ret = SPI_execute(sql, false, 0);

		if (ret < 0)
			elog(ERROR, "could not create the examples: %s",
				 SPI_result_code_string(ret));
	}
	SPI_finish();

	/* The lesson's dependencies. */
	nspid = get_namespace_oid(schema, false);
	nf_catalog_declare(catnsp, get_relname_relid("enrollments", nspid),
					   course_lhs, 1, course_rhs, 2);
	nf_catalog_declare(catnsp, get_relname_relid("employees", nspid),
					   dept_lhs, 1, dept_rhs, 1);

	for (int i = 0; i < lengthof(nf_example_tables); i++)
	{
		Datum		value;
		bool		isnull = false;

		value = ObjectIdGetDatum(get_relname_relid(nf_example_tables[i],
												   nspid));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc,
							 &value, &isnull);
	}
	return (Datum) 0;
}
