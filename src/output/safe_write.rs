//! Writing a file so that a failure never leaves a half-written file in place of a good one:
//! the content goes to a temporary file in the target's directory, is flushed to disk, and only
//! then renamed over the target (a rename within one directory replaces the file in one step).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Why an output file could not be written. Every message names the file and says what to do.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("{path}: de map {dir} bestaat niet; maak de map eerst aan of kies een andere plek")]
    MissingDirectory { path: String, dir: String },
    #[error(
        "{path}: het bestand is geopend in Excel of een ander programma ({lock}); \
         sluit het bestand en probeer het opnieuw"
    )]
    Locked { path: String, lock: String },
    #[error("{path}: geen schrijfrechten op dit bestand of in deze map ({reason})")]
    NotWritable { path: String, reason: String },
    #[error("{path}: dit is een map; geef een bestandsnaam op")]
    IsDirectory { path: String },
    #[error("{path}: schrijven mislukt: {reason}")]
    Io { path: String, reason: String },
    #[error("{path}: het werkboek kon niet worden opgebouwd: {reason}")]
    Workbook { path: String, reason: String },
    #[error("{path}: de tabel kon niet worden geschreven: {reason}")]
    Table { path: String, reason: String },
    #[error("{path}: json schrijven mislukt: {reason}")]
    Json { path: String, reason: String },
    #[error(
        "{output}: dit is het invoerbestand {input}; de uitvoer zou het overschrijven. \
         Kies een andere naam voor de uitvoer"
    )]
    SameFile { input: String, output: String },
    #[error(
        "{path}: dit is een bezitsbestand ({why}); retrofit schrijft er niet overheen. Kies \
         een andere naam voor de uitvoer"
    )]
    IsStock { path: String, why: String },
    #[error(
        "{path}: in dit plan is voortgang ingevuld (blad Projecten: {projects}); retrofit \
         schrijft er niet overheen. Kies een andere naam voor de uitvoer; plan opnieuw met \
         --vorig-plan {path} --vanaf JJJJ-MM om die voortgang te gebruiken"
    )]
    HasProgress { path: String, projects: String },
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}

impl OutputError {
    /// Turns an I/O error on `path` into the clearest message we can give.
    pub fn from_io(path: &Path, err: &io::Error) -> OutputError {
        let p = shown(path);
        // Windows: ERROR_SHARING_VIOLATION (32) and ERROR_LOCK_VIOLATION (33) are what Excel's
        // open file gives; on other systems these codes mean something else.
        if cfg!(windows) && matches!(err.raw_os_error(), Some(32) | Some(33)) {
            return OutputError::Locked {
                path: p,
                lock: "het bestand is vergrendeld".into(),
            };
        }
        match err.kind() {
            io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => {
                OutputError::NotWritable {
                    path: p,
                    reason: err.to_string(),
                }
            }
            io::ErrorKind::NotFound => {
                let dir = parent_dir(path);
                // A folder that exists but takes no new files (such as /proc) says "not found"
                // too: that is no missing folder.
                if dir.is_dir() {
                    return OutputError::NotWritable {
                        path: p,
                        reason: "deze map neemt geen nieuwe bestanden aan".into(),
                    };
                }
                OutputError::MissingDirectory {
                    path: p,
                    dir: shown(&dir),
                }
            }
            io::ErrorKind::IsADirectory => OutputError::IsDirectory { path: p },
            _ => OutputError::Io {
                path: p,
                reason: err.to_string(),
            },
        }
    }

    /// The file the error is about.
    pub fn path(&self) -> &str {
        match self {
            OutputError::MissingDirectory { path, .. }
            | OutputError::Locked { path, .. }
            | OutputError::NotWritable { path, .. }
            | OutputError::IsDirectory { path }
            | OutputError::IsStock { path, .. }
            | OutputError::HasProgress { path, .. }
            | OutputError::Io { path, .. }
            | OutputError::Workbook { path, .. }
            | OutputError::Table { path, .. }
            | OutputError::Json { path, .. } => path,
            OutputError::SameFile { output, .. } => output,
        }
    }
}

/// The directory a file is written in (`.` for a bare file name).
fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Lock files that Excel (`~$plan.xlsx`) and LibreOffice (`.~lock.plan.xlsx#`) keep next to a
/// workbook while it is open. Writing over an open workbook either fails (Windows) or is lost
/// when the user saves the open copy, so we refuse and say so.
pub(crate) fn lock_file(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?.to_str()?;
    let dir = parent_dir(path);
    let mut candidates = vec![
        dir.join(format!(".~lock.{name}#")),
        dir.join(format!("~${name}")),
    ];
    // Excel shortens long names: the owner file replaces the first two characters.
    if name.chars().count() > 2 {
        let rest: String = name.chars().skip(2).collect();
        candidates.push(dir.join(format!("~${rest}")));
    }
    candidates.into_iter().find(|c| c.is_file())
}

/// Removes the temporary file unless the write completed.
struct TempGuard {
    path: PathBuf,
    armed: bool,
}

impl Drop for TempGuard {
    fn drop(&mut self) {
        if self.armed {
            let _ = fs::remove_file(&self.path);
        }
    }
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

fn create_temp(target: &Path, dir: &Path) -> Result<(File, TempGuard), OutputError> {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "uitvoer".into());
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()));
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(file) => {
                return Ok((
                    file,
                    TempGuard {
                        path: tmp,
                        armed: true,
                    },
                ))
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            // The error is about the directory, but the user asked for the target.
            Err(e) => return Err(OutputError::from_io(target, &e)),
        }
    }
}

/// Checks, before anything is computed, that `path` can be written: it is not a directory, its
/// directory exists and takes new files, it is not open in Excel or LibreOffice and not
/// read-only. Writing may still fail later (a full disk), but never for a reason known now.
pub fn check_target(path: &Path) -> Result<(), OutputError> {
    if path.is_dir() || path.file_name().is_none() {
        return Err(OutputError::IsDirectory { path: shown(path) });
    }
    let dir = parent_dir(path);
    if !dir.is_dir() {
        return Err(OutputError::MissingDirectory {
            path: shown(path),
            dir: shown(&dir),
        });
    }
    if let Some(lock) = lock_file(path) {
        return Err(OutputError::Locked {
            path: shown(path),
            lock: format!(
                "vergrendelbestand {} gevonden; is het bestand niet open, verwijder dat dan",
                shown(&lock)
            ),
        });
    }
    if let Ok(meta) = fs::metadata(path) {
        if meta.permissions().readonly() {
            return Err(OutputError::NotWritable {
                path: shown(path),
                reason: "het bestand is alleen-lezen".into(),
            });
        }
        // Renaming over a device such as /dev/null would replace the device itself.
        if !meta.is_file() {
            return Err(OutputError::NotWritable {
                path: shown(path),
                reason: "dit is geen gewoon bestand (maar bijvoorbeeld een apparaat); kies een bestandsnaam"
                    .into(),
            });
        }
    }
    // A stock (or a filled-in template) is never replaced: retrofit's own outputs are no
    // stock (their first sheet has no homes' header, and none is named Woningen).
    if let Some(why) = crate::input::stock_evidence(path) {
        return Err(OutputError::IsStock {
            path: shown(path),
            why,
        });
    }
    if let Some(n) = crate::replan::entered_progress(path) {
        return Err(OutputError::HasProgress {
            path: shown(path),
            projects: crate::nl_format::count(n, "project", "projecten"),
        });
    }
    // A file the directory takes now is the best proof that it will take the real one.
    let (file, guard) = create_temp(path, &dir)?;
    drop(file);
    drop(guard);
    Ok(())
}

/// Checks a directory that will receive the files `names` (see [`check_target`]); a directory
/// that does not exist yet must have an existing parent in which it can be made.
pub fn check_dir_target(dir: &Path, names: &[String]) -> Result<(), OutputError> {
    if dir.is_dir() {
        return names
            .iter()
            .try_for_each(|name| check_target(&dir.join(name)));
    }
    if dir.exists() {
        return Err(OutputError::Io {
            path: shown(dir),
            reason: "bestaat al en is geen map".into(),
        });
    }
    check_target(dir)
}

/// The outputs of one run. Each file is written to a temporary file next to its target and
/// flushed to disk; only when every one of them is complete does [`Batch::commit`] rename them
/// into place (each rename replaces its file in one step). A batch dropped without a commit
/// removes its temporary files and the directories it made, so a run that fails anywhere
/// replaces nothing.
#[derive(Default)]
pub struct Batch {
    staged: Vec<(TempGuard, PathBuf)>,
    made_dirs: Vec<PathBuf>,
}

impl Batch {
    pub fn new() -> Batch {
        Batch::default()
    }

    /// Writes `path`'s future content through `write`, into a temporary file.
    pub fn stage<F>(&mut self, path: &Path, write: F) -> Result<(), OutputError>
    where
        F: FnOnce(&mut File) -> Result<(), OutputError>,
    {
        check_target(path)?;
        let dir = parent_dir(path);
        let (mut file, guard) = create_temp(path, &dir)?;
        write(&mut file)?;
        file.flush()
            .and_then(|_| file.sync_all())
            .map_err(|e| OutputError::from_io(path, &e))?;
        drop(file);
        self.staged.push((guard, path.to_path_buf()));
        Ok(())
    }

    /// Stages `bytes` as the content of `path`.
    pub fn stage_bytes(&mut self, path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
        self.stage(path, |file| {
            file.write_all(bytes)
                .map_err(|e| OutputError::from_io(path, &e))
        })
    }

    /// Makes directory `dir` when its parent exists; removed again if the batch is not
    /// committed.
    pub fn make_dir(&mut self, dir: &Path) -> Result<(), OutputError> {
        if dir.is_dir() {
            return Ok(());
        }
        if dir.exists() {
            return Err(OutputError::Io {
                path: shown(dir),
                reason: "bestaat al en is geen map".into(),
            });
        }
        let parent = parent_dir(dir);
        if !parent.is_dir() {
            return Err(OutputError::MissingDirectory {
                path: shown(dir),
                dir: shown(&parent),
            });
        }
        fs::create_dir(dir).map_err(|e| OutputError::from_io(dir, &e))?;
        self.made_dirs.push(dir.to_path_buf());
        Ok(())
    }

    /// Renames every staged file into place, in the order staged.
    pub fn commit(mut self) -> Result<Vec<PathBuf>, OutputError> {
        let mut written = Vec::with_capacity(self.staged.len());
        for (guard, target) in &mut self.staged {
            fs::rename(&guard.path, &*target).map_err(|e| OutputError::from_io(target, &e))?;
            guard.armed = false;
            written.push(target.clone());
        }
        self.made_dirs.clear();
        Ok(written)
    }
}

impl Drop for Batch {
    fn drop(&mut self) {
        // Temporary files first, so that the directories made for them are empty.
        self.staged.clear();
        for dir in self.made_dirs.iter().rev() {
            let _ = fs::remove_dir(dir);
        }
    }
}

/// Writes `path` through `write`, which gets a fresh temporary file in the same directory. Only
/// when `write` succeeds and the data is on disk is the temporary file renamed over `path`; on
/// any failure the temporary file is removed and an existing `path` is left as it was.
pub fn write_atomically<F>(path: &Path, write: F) -> Result<(), OutputError>
where
    F: FnOnce(&mut File) -> Result<(), OutputError>,
{
    let mut batch = Batch::new();
    batch.stage(path, write)?;
    batch.commit().map(|_| ())
}

/// Writes `bytes` to `path` safely (see [`write_atomically`]).
pub fn write_bytes(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    write_atomically(path, |file| {
        file.write_all(bytes)
            .map_err(|e| OutputError::from_io(path, &e))
    })
}

/// Errors when writing `output` would overwrite `input` (the stock the plan was made from), as
/// [`is_same_file`] finds.
pub fn refuse_same_file(input: &Path, output: &Path) -> Result<(), OutputError> {
    if is_same_file(input, output) {
        return Err(OutputError::SameFile {
            input: shown(input),
            output: shown(output),
        });
    }
    Ok(())
}

/// Whether `output` names the existing file `input`. Paths are compared after resolving `..`,
/// links and case as the file system does; on Unix the file identity (device and inode) is
/// compared too, which also catches hard links. An `output` that does not exist yet is resolved
/// through its directory.
pub fn is_same_file(input: &Path, output: &Path) -> bool {
    let Ok(input_real) = input.canonicalize() else {
        // An input that does not exist cannot be overwritten.
        return false;
    };
    let output_real = match output.canonicalize() {
        Ok(p) => p,
        Err(_) => {
            // The output does not exist yet: resolve its directory and keep the name.
            let dir = parent_dir(output);
            match (dir.canonicalize(), output.file_name()) {
                (Ok(d), Some(name)) => d.join(name),
                _ => return false,
            }
        }
    };
    if input_real == output_real {
        return true;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(a), Ok(b)) = (fs::metadata(&input_real), fs::metadata(&output_real)) {
            if a.dev() == b.dev() && a.ino() == b.ino() {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_only_after_a_complete_write() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.xlsx");
        write_bytes(&path, b"goed").unwrap();
        let failed = write_atomically(&path, |f| {
            f.write_all(b"half").unwrap();
            Err(OutputError::Io {
                path: "x".into(),
                reason: "kapot".into(),
            })
        });
        assert!(failed.is_err());
        assert_eq!(fs::read(&path).unwrap(), b"goed");
        // No temporary file is left behind.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn missing_directory_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bestaat-niet").join("plan.xlsx");
        let err = write_bytes(&path, b"x").unwrap_err();
        assert!(matches!(err, OutputError::MissingDirectory { .. }), "{err}");
        assert!(err.to_string().contains("bestaat-niet"), "{err}");
    }

    /// /proc exists but takes no new files; creating one there says "not found".
    #[test]
    #[cfg(target_os = "linux")]
    fn an_existing_folder_that_takes_no_files_is_not_called_missing() {
        let err = OutputError::from_io(
            Path::new("/proc/plan.xlsx"),
            &io::Error::from(io::ErrorKind::NotFound),
        );
        assert!(matches!(err, OutputError::NotWritable { .. }), "{err}");
    }

    #[test]
    fn open_workbook_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.xlsx");
        write_bytes(&path, b"goed").unwrap();
        fs::write(dir.path().join(".~lock.plan.xlsx#"), b"").unwrap();
        let err = write_bytes(&path, b"nieuw").unwrap_err();
        assert!(matches!(err, OutputError::Locked { .. }), "{err}");
        assert!(err.to_string().contains("geopend"), "{err}");
        assert_eq!(fs::read(&path).unwrap(), b"goed");
    }

    #[test]
    #[cfg(unix)]
    fn a_device_is_never_replaced() {
        let err = check_target(Path::new("/dev/null")).unwrap_err();
        assert!(matches!(err, OutputError::NotWritable { .. }), "{err}");
        assert!(Path::new("/dev/null")
            .metadata()
            .is_ok_and(|m| !m.is_file()));
    }

    #[test]
    fn a_directory_is_not_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let err = write_bytes(dir.path(), b"x").unwrap_err();
        assert!(matches!(err, OutputError::IsDirectory { .. }), "{err}");
    }
}
