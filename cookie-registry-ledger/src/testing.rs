//! A throwaway PostgreSQL server for tests (feature `testing`): started on 127.0.0.1 at a free
//! port in a temporary directory, stopped and deleted on drop.
//!
//! The binaries come from `COOKIE_REGISTRY_PG_BIN` (the directory holding `initdb`, `pg_ctl`
//! and `postgres`), by default Debian's `/usr/lib/postgresql/15/bin`. PostgreSQL refuses to
//! run as root, so as root the server runs as the `postgres` user (`runuser`), in a directory
//! it owns.
//!
//! ```no_run
//! use cookie_registry_ledger::testing::PostgresServer;
//!
//! let server = match PostgresServer::start() {
//!     Ok(server) => server,
//!     Err(reason) => return println!("SKIPPED: {reason}"),
//! };
//! let url = server.create_database("ledger_test").unwrap(); // postgres://postgres@127.0.0.1:PORT/ledger_test
//! server.stop().unwrap();   // the site sees an unreachable database
//! server.resume().unwrap(); // and the same data again, on the same port
//! # let _ = url;
//! ```

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A PostgreSQL server of its own for one test; stopped and its files removed on drop.
#[derive(Debug)]
pub struct PostgresServer {
    bin: PathBuf,
    dir: PathBuf,
    port: u16,
    as_postgres: bool,
}

/// The directory of PostgreSQL's binaries: `COOKIE_REGISTRY_PG_BIN`, or Debian's.
#[must_use]
pub fn bin_dir() -> PathBuf {
    std::env::var_os("COOKIE_REGISTRY_PG_BIN").map_or_else(
        || PathBuf::from("/usr/lib/postgresql/15/bin"),
        PathBuf::from,
    )
}

impl PostgresServer {
    /// Initializes a cluster (user `postgres`, trust authentication on 127.0.0.1 only) and
    /// starts it.
    ///
    /// # Errors
    /// A sentence saying why (no binaries, no `postgres` user, `initdb` or `pg_ctl` failing),
    /// for the test to skip or fail with.
    pub fn start() -> Result<PostgresServer, String> {
        let bin = bin_dir();
        if !bin.join("initdb").is_file() {
            return Err(format!(
                "no PostgreSQL at {} (set COOKIE_REGISTRY_PG_BIN)",
                bin.display()
            ));
        }
        let as_postgres = is_root();
        let dir = temp_dir()?;
        let server = PostgresServer {
            bin,
            dir,
            port: 0,
            as_postgres,
        };
        if as_postgres {
            run(Command::new("chown")
                .args(["postgres:postgres"])
                .arg(&server.dir))?;
        }
        let data = server.data();
        server.pg(
            "initdb",
            &[
                "-D",
                path(&data)?,
                "-U",
                "postgres",
                "-A",
                "trust",
                "--no-sync",
                "-E",
                "UTF8",
            ],
        )?;
        let mut server = server;
        for _ in 0..3 {
            server.port = free_port()?;
            if server.resume().is_ok() {
                return Ok(server);
            }
        }
        let log = std::fs::read_to_string(server.dir.join("log")).unwrap_or_default();
        Err(format!("PostgreSQL did not start: {log}"))
    }

    /// The server's port on 127.0.0.1.
    #[must_use]
    pub const fn port(&self) -> u16 {
        self.port
    }

    /// The URL of database `database` on this server, as user `postgres`.
    #[must_use]
    pub fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }

    /// Creates database `name` and returns its URL.
    ///
    /// # Errors
    /// `createdb`'s message.
    pub fn create_database(&self, name: &str) -> Result<String, String> {
        let port = self.port.to_string();
        self.pg(
            "createdb",
            &["-h", "127.0.0.1", "-p", &port, "-U", "postgres", name],
        )?;
        Ok(self.url(name))
    }

    /// Stops the server (fast shutdown: connections are cut), keeping its data.
    ///
    /// # Errors
    /// `pg_ctl`'s message.
    pub fn stop(&self) -> Result<(), String> {
        let data = self.data();
        self.pg("pg_ctl", &["stop", "-D", path(&data)?, "-m", "fast", "-w"])
    }

    /// Starts the server (again) on its port, and waits until it accepts connections.
    ///
    /// # Errors
    /// `pg_ctl`'s message.
    pub fn resume(&self) -> Result<(), String> {
        let data = self.data();
        let log = self.dir.join("log");
        let options = format!(
            "-c listen_addresses=127.0.0.1 -p {} -k {}",
            self.port,
            path(&self.dir)?
        );
        self.pg(
            "pg_ctl",
            &[
                "start",
                "-D",
                path(&data)?,
                "-l",
                path(&log)?,
                "-w",
                "-t",
                "30",
                "-o",
                &options,
            ],
        )
    }

    fn data(&self) -> PathBuf {
        self.dir.join("data")
    }

    /// Runs one of PostgreSQL's programs, as `postgres` when this process is root.
    fn pg(&self, program: &str, args: &[&str]) -> Result<(), String> {
        let program = self.bin.join(program);
        let mut command = if self.as_postgres {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(program);
            command
        } else {
            Command::new(program)
        };
        run(command.args(args).current_dir(&self.dir))
    }
}

impl Drop for PostgresServer {
    fn drop(&mut self) {
        if let Ok(data) = path(&self.data()) {
            let _ = self.pg("pg_ctl", &["stop", "-D", data, "-m", "immediate", "-w"]);
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn run(command: &mut Command) -> Result<(), String> {
    let shown = format!("{command:?}");
    let Output { status, stderr, .. } = command
        .output()
        .map_err(|e| format!("cannot run {shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "{shown} failed ({status}): {}",
            String::from_utf8_lossy(&stderr).trim()
        ))
    }
}

fn path(path: &Path) -> Result<&str, String> {
    path.to_str()
        .ok_or_else(|| format!("{} is not UTF-8", path.display()))
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| out.stdout.trim_ascii() == b"0")
}

/// A new directory under the system's temporary directory, readable by `postgres`.
fn temp_dir() -> Result<PathBuf, String> {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let name = format!(
        "cookie-registry-pg-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    );
    let dir = std::env::temp_dir().join(name);
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    Ok(dir)
}

fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    listener
        .local_addr()
        .map(|addr| addr.port())
        .map_err(|e| e.to_string())
}
