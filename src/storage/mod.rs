//! Storage: the SQLite database (opening, creating, migrating, drafts) and
//! the schema's own documentation.

pub mod db;
pub mod schema_doc;
