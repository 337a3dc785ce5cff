//! Department and unit names: aliases resolved to canonical names.
//!
//! Departments are renamed, merged and misspelled; a report may call the
//! same body 南昌市人社局 on its cover and 南昌市人力资源和社会保障局 inside.
//! Data is stored under the canonical name so years and reports line up.

use std::collections::HashMap;

use rusqlite::Connection;

/// The alias → canonical map of a database, plus those of the import under way.
#[derive(Debug, Default)]
pub struct Aliases {
    map: HashMap<String, String>,
}

impl Aliases {
    pub fn load(conn: &Connection) -> rusqlite::Result<Aliases> {
        let mut stmt = conn.prepare("SELECT alias, canonical FROM aliases")?;
        let map = stmt
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<rusqlite::Result<HashMap<String, String>>>()?;
        Ok(Aliases { map })
    }

    /// The canonical name for `name`, following its chain of aliases to
    /// the end, however long. [`Aliases::insert`] refuses cycles; a chain
    /// longer than the map (a cycle written into the database by other
    /// means) stops where it closes instead of looping.
    pub fn resolve<'a>(&'a self, name: &'a str) -> &'a str {
        let mut current = name;
        for _ in 0..=self.map.len() {
            match self.map.get(current) {
                Some(next) if next != current => current = next,
                _ => return current,
            }
        }
        current
    }

    /// The name `alias` points at directly, if it is an alias.
    pub fn get(&self, alias: &str) -> Option<&str> {
        self.map.get(alias).map(String::as_str)
    }

    /// Records `alias` → `canonical`, refusing one that would close a cycle.
    pub fn insert(&mut self, alias: &str, canonical: &str) -> Result<(), String> {
        if alias == canonical {
            return Err(format!(
                "alias \"{alias}\" is the same as its canonical name"
            ));
        }
        if self.resolve(canonical) == alias {
            return Err(format!(
                "\"{alias}\" → \"{canonical}\" would make a cycle: \"{canonical}\" already resolves to \"{alias}\""
            ));
        }
        self.map.insert(alias.to_string(), canonical.to_string());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_chains_and_refuses_cycles() {
        let mut aliases = Aliases::default();
        assert!(aliases.insert("A", "B").is_ok());
        assert!(aliases.insert("B", "C").is_ok());
        assert_eq!(aliases.resolve("A"), "C");
        assert_eq!(aliases.resolve("D"), "D");
        assert!(aliases.insert("C", "A").is_err());
        assert!(aliases.insert("E", "E").is_err());
        let mut long = Aliases::default();
        for n in 0..1000 {
            long.insert(&format!("n{n}"), &format!("n{}", n + 1))
                .expect("a chain");
        }
        assert_eq!(long.resolve("n0"), "n1000");
        assert!(
            long.insert("n1000", "n0").is_err(),
            "a cycle 1001 links long"
        );
    }
}
