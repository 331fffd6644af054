//! The output as a whole: builds are deterministic, a failed build leaves the previous site
//! exactly as it was (and nothing beside it), a good build replaces it completely, and
//! `qingdan init` makes a site that checks and builds and never overwrites anything.

use crate::common;

use common::{qingdan, qingdan_in, tree, Site, TempDir, LIST};
use std::path::{Path, PathBuf};

fn build(root: &Path, out: &Path) -> common::Run {
    qingdan(["build", "--root", root.to_str().unwrap(), "--out", out.to_str().unwrap()])
}

/// Names in `dir` that look like a build's staging or old-output directories.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with('.') || n.contains(".tmp-") || n.contains(".old-"))
        .collect()
}

fn first_difference(
    a: &std::collections::BTreeMap<String, Vec<u8>>,
    b: &std::collections::BTreeMap<String, Vec<u8>>,
) -> String {
    let names_a: Vec<&String> = a.keys().collect();
    let names_b: Vec<&String> = b.keys().collect();
    if names_a != names_b {
        let only_a: Vec<_> = names_a.iter().filter(|n| !b.contains_key(n.as_str())).collect();
        let only_b: Vec<_> = names_b.iter().filter(|n| !a.contains_key(n.as_str())).collect();
        return format!("file lists differ: only in first {only_a:?}, only in second {only_b:?}");
    }
    for (name, bytes) in a {
        if b[name] != *bytes {
            let at = bytes.iter().zip(&b[name]).position(|(x, y)| x != y).unwrap_or(bytes.len().min(b[name].len()));
            let show =
                |v: &[u8]| String::from_utf8_lossy(&v[at.saturating_sub(60)..(at + 60).min(v.len())]).into_owned();
            return format!("{name} differs at byte {at}:\n  {}\n  {}", show(bytes), show(&b[name]));
        }
    }
    String::new()
}

// ---------------------------------------------------------------------------------------------
// Determinism

fn assert_deterministic(root: &Path, tmp: &TempDir) {
    let (a, b) = (tmp.join("first"), tmp.join("second"));
    for out in [&a, &b] {
        let run = build(root, out);
        assert_eq!(run.code, 0, "{run}");
    }
    let (ta, tb) = (tree(&a), tree(&b));
    assert!(ta.len() > 5, "the build wrote pages ({})", ta.len());
    assert!(ta == tb, "two builds differ: {}", first_difference(&ta, &tb));
}

#[test]
fn the_starter_builds_byte_identical_twice() {
    let site = Site::init("determinism");
    assert_deterministic(&site.root, &site.tmp);
}

#[test]
fn the_bundled_example_builds_byte_identical_twice() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if !root.join("qingdan.toml").is_file() {
        eprintln!("no bundled example yet: skipped");
        return;
    }
    let tmp = TempDir::new("determinism-example");
    assert_deterministic(root, &tmp);
}

#[test]
fn a_bigger_site_builds_byte_identical_twice() {
    // Many items, rendered in parallel: the output must not depend on thread order.
    let site = Site::init("determinism-big");
    let mut more = String::new();
    for n in 0..300 {
        more.push_str(&format!(
            "\n[[basic]]\ncode = \"DC-QT-{n:03}\"\nnumber = \"{}\"\nname = \"其他事项{n}\"\ntype = \"{}\"\norigin = \"法定\"\nbasis = \"《某法》第{n}条\"\n",
            n + 10,
            ["行政许可", "行政检查", "行政确认", "公共服务"][n % 4],
        ));
    }
    let list = site.read(LIST);
    let at = list.find("[[support]]").unwrap();
    site.write(LIST, format!("{}{more}\n{}", &list[..at], &list[at..]));
    assert_deterministic(&site.root, &site.tmp);
}

// ---------------------------------------------------------------------------------------------
// Atomicity

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let site = Site::init("atomic");
    let out = site.tmp.join("public");
    let first = build(&site.root, &out);
    assert_eq!(first.code, 0, "{first}");
    let before = tree(&out);
    assert!(before.contains_key("index.html"));

    site.replace(LIST, "name = \"最低生活保障审核确认\"", "name = 3");
    let second = build(&site.root, &out);
    assert_eq!(second.code, 1, "{second}");
    assert!(second.stderr.contains("原有网站未改动"), "{second}");
    let after = tree(&out);
    assert!(before == after, "the previous site changed: {}", first_difference(&before, &after));
    assert_eq!(leftovers(site.tmp.path()), Vec::<String>::new(), "nothing is left beside the output");
}

#[test]
fn a_render_failure_leaves_the_previous_site_untouched() {
    // The sources are valid but the site's own theme has a template error: the failure comes
    // after the checks, while pages are being written.
    let site = Site::init("atomic-render");
    let out = site.tmp.join("public");
    let first = build(&site.root, &out);
    assert_eq!(first.code, 0, "{first}");
    let before = tree(&out);

    site.write(
        "themes/default/templates/item.html",
        "{% extends \"base.html\" %}{% block main %}{{ item.name | no_such_filter }}{% endblock %}",
    );
    let second = build(&site.root, &out);
    assert_eq!(second.code, 1, "{second}");
    assert!(second.stderr.contains("模板错误"), "{second}");
    assert!(!second.stderr.contains("panicked"), "{second}");
    let after = tree(&out);
    assert!(before == after, "the previous site changed: {}", first_difference(&before, &after));
    assert_eq!(leftovers(site.tmp.path()), Vec::<String>::new(), "nothing is left beside the output");
}

#[test]
fn a_good_build_replaces_the_previous_site_completely() {
    let site = Site::init("replace");
    let out = site.tmp.join("public");
    assert_eq!(build(&site.root, &out).code, 0);
    std::fs::write(out.join("stale.html"), "old page").unwrap();
    std::fs::create_dir_all(out.join("gone")).unwrap();
    std::fs::write(out.join("gone/page.html"), "old page").unwrap();
    // Remove an item: its page must go too.
    let list = site.read(LIST);
    let start = list.find("[[basic]]\ncode = \"DC-GF-001\"").unwrap();
    let end = list.find("[[basic]]\ncode = \"DC-CF-001\"").unwrap();
    site.write(LIST, format!("{}{}", &list[..start], &list[end..]));

    let run = build(&site.root, &out);
    assert_eq!(run.code, 0, "{run}");
    let after = tree(&out);
    assert!(!after.contains_key("stale.html") && !after.contains_key("gone/page.html"), "stale files are gone");
    assert!(!after.contains_key("dongcun/DC-GF-001.html"), "the removed item's page is gone");
    assert!(after.contains_key("dongcun/DC-XK-001.html"));
    assert_eq!(leftovers(site.tmp.path()), Vec::<String>::new(), "nothing is left beside the output");
}

/// A rebuild takes each file whose bytes did not change from the previous output (a hard link:
/// same inode, same modification time) and writes the others as new files, so the previous
/// output itself is never written into.
#[cfg(unix)]
#[test]
fn a_rebuild_keeps_unchanged_files_and_never_writes_into_the_previous_site() {
    use std::os::unix::fs::MetadataExt;
    let site = Site::init("reuse");
    let out = site.tmp.join("public");
    assert_eq!(build(&site.root, &out).code, 0);
    let (same, changed) = ("dongcun/DC-XK-001.html", "dongcun/DC-SH-001.html");
    let inode = |rel: &str| std::fs::metadata(out.join(rel)).unwrap().ino();
    let (same_inode, changed_inode) = (inode(same), inode(changed));
    // Another name for the changed page's file: what the rebuild does to the old file shows here.
    let kept = site.tmp.join("kept.html");
    std::fs::hard_link(out.join(changed), &kept).unwrap();
    let old_page = std::fs::read(&kept).unwrap();

    site.replace(LIST, "及时报告县住房和城乡建设局。", "及时报告县住房和城乡建设局，并告知当事人。");
    let run = build(&site.root, &out);
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(inode(same), same_inode, "an unchanged page is the previous output's file");
    assert_ne!(inode(changed), changed_inode, "a changed page is a new file");
    assert!(std::fs::read_to_string(out.join(changed)).unwrap().contains("并告知当事人"));
    assert_eq!(std::fs::read(&kept).unwrap(), old_page, "the previous output's file was not written into");
    assert_eq!(std::fs::metadata(&kept).unwrap().nlink(), 1, "the old output is gone");

    // And the site is exactly what a build into an empty directory makes.
    let fresh = site.tmp.join("fresh");
    assert_eq!(build(&site.root, &fresh).code, 0);
    let (a, b) = (tree(&out), tree(&fresh));
    assert!(a == b, "a rebuild differs from a fresh build: {}", first_difference(&a, &b));
    assert_eq!(leftovers(site.tmp.path()), Vec::<String>::new(), "nothing is left beside the output");
}

#[test]
fn the_default_output_is_public_in_the_site() {
    let site = Site::init("default-out");
    let run = qingdan(["build", "--root", site.root.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{run}");
    assert!(site.path("public/index.html").is_file());
    let leftover: Vec<String> = leftovers(&site.root).into_iter().filter(|n| n.starts_with(".public")).collect();
    assert!(leftover.is_empty(), "{leftover:?}");
    // The line the command prints names the figures of the build.
    let pages = tree(&site.path("public")).keys().filter(|k| k.ends_with(".html")).count();
    assert!(run.stderr.contains(&format!("已生成 {pages} 个页面")), "{run}");
}

#[test]
fn quiet_verbose_and_no_progress_bar_outside_a_terminal() {
    let site = Site::init("verbosity");
    let root = site.root.to_str().unwrap();
    // A warning to be shown or hidden: an unknown file under content/.
    site.write("content/notes.txt", "草稿");
    let normal = qingdan(["build", "--root", root]);
    assert_eq!(normal.code, 0, "{normal}");
    assert!(normal.stderr.contains("qingdan 不读取此文件") && normal.stderr.contains("已生成"), "{normal}");
    assert!(
        !normal.stderr.contains('\r') && !normal.stderr.contains("\x1b["),
        "no bar when stderr is not a terminal: {normal}"
    );
    assert!(!normal.stderr.contains("[耗时]"), "{normal}");

    let quiet = qingdan(["build", "--quiet", "--root", root]);
    assert_eq!((quiet.code, quiet.stderr.as_str()), (0, ""), "quiet prints nothing on success");
    let verbose = qingdan(["build", "--verbose", "--root", root]);
    for phase in ["读取源文件", "检查", "导出数据", "生成页面", "搜索：合计"] {
        assert!(verbose.stderr.contains(&format!("[耗时] {phase}：")), "{phase}: {verbose}");
    }

    // Errors are shown whatever the verbosity.
    site.replace(LIST, "code = \"DC-GF-001\"", "code = \"DC-GF-001");
    let broken = qingdan(["check", "--quiet", "--root", root]);
    assert_eq!(broken.code, 1);
    assert!(broken.stderr.contains("TOML 语法错误") && !broken.stderr.contains("qingdan 不读取此文件"), "{broken}");
    assert_eq!(qingdan(["build", "--quiet", "--verbose", "--root", root]).code, 2, "the two flags exclude each other");
}

// ---------------------------------------------------------------------------------------------
// What interrupted runs leave behind

/// A process id that is not in use: a process that has ended.
fn ended_pid() -> u32 {
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

/// A killed build leaves its staging directory and its temporary search index; a killed release
/// its snapshot being written, which blocked every command. The next run removes those of ended
/// processes, and nothing else: not a running process's, not other names.
#[test]
fn leftovers_of_ended_runs_are_removed_and_those_of_running_ones_left_alone() {
    let site = Site::init("leftovers");
    let root = site.root.to_str().unwrap().to_string();
    let run = qingdan(["release", "--root", &root, "--title", "首次公布", "--effective", "2025-10-01"]);
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(qingdan(["build", "--root", &root]).code, 0);
    let dead = ended_pid();
    let mut running = std::process::Command::new("sleep").arg("600").spawn().unwrap();
    let live = running.id();
    let fill = |rel: &str| site.write(&format!("{rel}/index.html"), "<p>半个网站</p>");
    let stale = [
        format!(".public.tmp-{dead}"),
        format!(".public.old-{dead}"),
        format!(".qingdan/search-index.tmp-{dead}-0"),
        format!(".qingdan/search-index.old-{dead}-3"),
        format!("history/.2026-01-01.tmp-{dead}"),
    ];
    let kept = [
        format!(".public.tmp-{live}"),
        format!(".qingdan/search-index.tmp-{live}-0"),
        format!("history/.2026-01-01.tmp-{live}"),
        // Not names qingdan makes.
        format!(".public.tmp-{dead}x"),
        format!(".publicity.tmp-{dead}"),
        format!("notes.tmp-{dead}"),
        format!(".qingdan/my-index.tmp-{dead}"),
    ];
    for rel in stale.iter().chain(&kept) {
        fill(rel);
    }
    // A file with a staging name is never removed either.
    site.write(&format!(".public.old-{}", ended_pid()), "我的文件");

    let check = qingdan(["check", "--root", &root]);
    assert_eq!(check.code, 0, "a release left half-written blocks nothing: {check}");
    let build = qingdan(["build", "--root", &root]);
    assert_eq!(build.code, 0, "{build}");
    let release = qingdan(["release", "--root", &root, "--title", "第一次调整", "--effective", "2026-02-01"]);
    assert_eq!(release.code, 0, "{release}");
    let _ = running.kill();
    let _ = running.wait();
    let left: Vec<&String> = stale.iter().filter(|rel| site.path(rel).exists()).collect();
    assert!(left.is_empty(), "leftovers of ended processes remain: {left:?}");
    let gone: Vec<&String> = kept.iter().filter(|rel| !site.path(&format!("{rel}/index.html")).is_file()).collect();
    assert!(gone.is_empty(), "removed what it must not: {gone:?}");
    assert_eq!(leftovers(&site.root).iter().filter(|n| n.starts_with(".public.old-")).count(), 1, "the file stays");
}

// ---------------------------------------------------------------------------------------------
// Where the output may go

/// Every output directory that would take the sources with it is refused before anything is
/// written, and the site stays exactly as it was.
#[test]
fn an_output_directory_that_holds_or_is_inside_the_sources_is_refused() {
    let site = Site::init("out-sources");
    let root = site.root.to_str().unwrap().to_string();
    site.write("themes/default/static/style.css", "body { color: #111; }\n");
    let run = qingdan(["release", "--root", &root, "--title", "首次公布", "--effective", "2025-10-01"]);
    assert_eq!(run.code, 0, "{run}");
    std::os::unix::fs::symlink(&site.root, site.tmp.join("link-to-site")).unwrap();
    let before = tree(site.tmp.path());
    let cases: Vec<(&str, PathBuf)> = vec![
        ("the site root", site.root.clone()),
        ("the site root through ..", site.path("public/..")),
        ("a directory holding the site", site.tmp.path().to_path_buf()),
        ("the file system root", PathBuf::from("/")),
        ("content/", site.path("content")),
        ("a directory in content/", site.path("content/lists")),
        ("a new directory in content/", site.path("content/site")),
        ("history/", site.path("history")),
        ("a new directory in history/", site.path("history/public")),
        ("themes/", site.path("themes")),
        (".qingdan/", site.path(".qingdan/public")),
        ("a symbolic link to the site", site.tmp.join("link-to-site")),
        ("a new directory under a symbolic link into content/", site.tmp.join("link-to-site/content/out")),
        ("a file", site.path("qingdan.toml")),
    ];
    let mut failures = Vec::new();
    for (what, out) in &cases {
        let run = qingdan(["build", "--root", &root, "--out", out.to_str().unwrap()]);
        if run.code != 2 || !run.stderr.contains("错误：输出") || run.stderr.contains("已生成") {
            failures.push(format!("{what}: {run}"));
        }
    }
    // `--out .` from the site root, and `--out ..` from inside it.
    for (what, cwd, out) in
        [("--out . in the site", site.root.clone(), "."), ("--out .. in content/", site.path("content"), "..")]
    {
        let run = qingdan_in(&cwd, ["build", "--root", &root, "--out", out]);
        if run.code != 2 || !run.stderr.contains("错误：输出") {
            failures.push(format!("{what}: {run}"));
        }
    }
    assert!(failures.is_empty(), "{} outputs were not refused:\n{}", failures.len(), failures.join("\n\n"));
    let after = tree(site.tmp.path());
    assert!(before == after, "a refused build changed the site: {}", first_difference(&before, &after));
    // The message says why and what to do.
    let run = qingdan(["build", "--root", &root, "--out", site.path("content").to_str().unwrap()]);
    assert!(run.stderr.contains("content/ 目录中") && run.stderr.contains("public/"), "{run}");
    let run = qingdan(["build", "--root", &root, "--out", site.tmp.path().to_str().unwrap()]);
    assert!(run.stderr.contains("包含站点目录") && run.stderr.contains("源文件会被删除"), "{run}");
}

/// Building replaces the output directory as a whole, so qingdan replaces only a directory it
/// made: an empty or new one, one holding its marker, or the output of a qingdan from before
/// the marker (recognised by what every build wrote). Anything else is refused as it is.
#[test]
fn only_an_empty_directory_or_one_qingdan_made_is_replaced() {
    let site = Site::init("out-marker");
    let root = site.root.to_str().unwrap().to_string();
    let build_into = |out: &Path| qingdan(["build", "--root", &root, "--out", out.to_str().unwrap()]);

    let documents = site.tmp.join("documents");
    std::fs::create_dir_all(documents.join("2024")).unwrap();
    std::fs::write(documents.join("2024/工作报告.docx"), "报告").unwrap();
    std::fs::write(documents.join("index.html"), "<p>另一个网站</p>").unwrap();
    let before = tree(&documents);
    let run = build_into(&documents);
    assert_eq!(run.code, 2, "{run}");
    assert!(run.stderr.contains("不是 qingdan 生成的") && run.stderr.contains(".qingdan-output"), "{run}");
    assert!(run.stderr.contains("空的目录") && run.stderr.contains("自己删除"), "says what to do: {run}");
    assert!(!run.stderr.contains("已生成"), "{run}");
    assert!(before == tree(&documents), "the directory was left as it was");

    // An existing empty directory is used, and the output is marked.
    let out = site.tmp.join("empty");
    std::fs::create_dir_all(&out).unwrap();
    let run = build_into(&out);
    assert_eq!(run.code, 0, "{run}");
    assert!(out.join(".qingdan-output").is_file() && out.join("index.html").is_file());
    let marker = std::fs::read_to_string(out.join(".qingdan-output")).unwrap();
    assert!(marker.contains("qingdan") && marker.contains("删除"), "the marker explains itself: {marker}");

    // A marked output is replaced by the next build.
    std::fs::write(out.join("stale.html"), "old").unwrap();
    let run = build_into(&out);
    assert_eq!(run.code, 0, "{run}");
    assert!(!out.join("stale.html").exists());

    // An output of a qingdan from before the marker is recognised, replaced, and marked.
    std::fs::remove_file(out.join(".qingdan-output")).unwrap();
    let run = build_into(&out);
    assert_eq!(run.code, 0, "{run}");
    assert!(out.join(".qingdan-output").is_file());

    // …but not when it also holds something that looks like a site's sources.
    std::fs::remove_file(out.join(".qingdan-output")).unwrap();
    std::fs::create_dir_all(out.join("content")).unwrap();
    std::fs::write(out.join("content/notes.toml"), "x = 1\n").unwrap();
    let run = build_into(&out);
    assert_eq!(run.code, 2, "{run}");
    assert!(out.join("content/notes.toml").is_file());
}

/// The output through a symbolic link: the link stays and points at the new output.
#[test]
fn an_output_reached_through_a_symbolic_link_keeps_the_link() {
    let site = Site::init("out-link");
    let real = site.tmp.join("real-public");
    std::fs::create_dir_all(&real).unwrap();
    let link = site.path("public");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let run = qingdan(["build", "--root", site.root.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{run}");
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "public/ is still the link");
    assert!(real.join("index.html").is_file() && real.join(".qingdan-output").is_file());
}

// ---------------------------------------------------------------------------------------------
// init

#[test]
fn init_makes_a_site_that_checks_and_builds() {
    let tmp = TempDir::new("init");
    let dir = tmp.join("新站点");
    let run = qingdan(["init", dir.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{run}");
    assert!(dir.join("qingdan.toml").is_file() && dir.join("content").is_dir());
    let check = qingdan(["check", "--root", dir.to_str().unwrap()]);
    assert_eq!(check.code, 0, "{check}");
    assert!(!check.stderr.contains("警告"), "the starter has no warnings: {check}");
    let build = qingdan(["build", "--root", dir.to_str().unwrap()]);
    assert_eq!(build.code, 0, "{build}");
    assert!(dir.join("public/index.html").is_file());
}

#[test]
fn init_into_an_empty_existing_directory_works() {
    let tmp = TempDir::new("init-empty");
    let run = qingdan(["init", tmp.path().to_str().unwrap()]);
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(qingdan(["check", "--root", tmp.path().to_str().unwrap()]).code, 0);
}

#[test]
fn init_never_overwrites_a_non_empty_directory() {
    let tmp = TempDir::new("init-non-empty");
    let dir = tmp.path();
    std::fs::write(dir.join("qingdan.toml"), "title = \"我的站点\"\n").unwrap();
    std::fs::create_dir_all(dir.join("content/bodies")).unwrap();
    std::fs::write(dir.join("content/bodies/county.toml"), "我的文件").unwrap();
    let before = tree(dir);

    let run = qingdan(["init", dir.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{run}");
    assert!(run.stderr.contains("不为空"), "{run}");
    let after = tree(dir);
    assert!(before == after, "init changed a non-empty directory: {}", first_difference(&before, &after));

    // Even a directory holding only an unrelated file is left alone.
    let other = TempDir::new("init-other-file");
    std::fs::write(other.join("notes.txt"), "备忘").unwrap();
    assert_eq!(qingdan(["init", other.path().to_str().unwrap()]).code, 2);
    assert_eq!(tree(other.path()).len(), 1, "nothing was added");
}
