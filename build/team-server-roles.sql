-- Dossier on a team PostgreSQL server: the two roles and the database, for the server's administrator.
-- Run once, as a superuser (or a role with CREATEROLE and CREATEDB), with psql:
--
--   psql -h HOST -U postgres -v owner_password='…' -v app_password='…' -v db=dossier -f build/team-server-roles.sql
--
-- Then, as the owner, create the schema:        DATABASE_URL=postgres://dossier_owner:…@HOST/dossier dossier migrate
-- and give the desktops the app's login:         DATABASE_URL=postgres://dossier_app:…@HOST/dossier
-- (a maintainer who upgrades later sets DATABASE_OWNER_URL beside it, or runs `dossier migrate` as above).
--
-- dossier_owner owns every table and function and runs the migrations; dossier_app, which the desktops use,
-- reads and writes rows, may only append to the audit trail, owns nothing, and cannot switch triggers off.
-- Running this again changes nothing but the passwords.
\set ON_ERROR_STOP on

SELECT format('CREATE ROLE dossier_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD %L', :'owner_password')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dossier_owner') \gexec
SELECT format('CREATE ROLE dossier_app LOGIN NOINHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD %L', :'app_password')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dossier_app') \gexec
SELECT format('ALTER ROLE dossier_owner PASSWORD %L', :'owner_password') \gexec
SELECT format('ALTER ROLE dossier_app PASSWORD %L', :'app_password') \gexec

SELECT format('CREATE DATABASE %I OWNER dossier_owner ENCODING ''UTF8'' TEMPLATE template0', :'db')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SELECT format('ALTER DATABASE %I OWNER TO dossier_owner', :'db') \gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'db') \gexec
SELECT format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO dossier_app', :'db') \gexec

\connect :db
ALTER SCHEMA public OWNER TO dossier_owner;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
-- The search index's btree_gin is a trusted extension the owner may create itself; creating it here spares a
-- server where the owner may not.
CREATE EXTENSION IF NOT EXISTS btree_gin;
-- Row security (migration 33) keeps an index from answering a condition unless its operator is LEAKPROOF (it
-- could otherwise reveal a hidden row through an error). The text search's tsvector @@ tsquery raises no error
-- that depends on a row's words, but PostgreSQL ships it unmarked: without this, a search under row security
-- reads every case instead of the search index. Per database; only a superuser may mark it.
ALTER FUNCTION pg_catalog.ts_match_vq(tsvector, tsquery) LEAKPROOF;
