fn main() {
    std::process::exit(qingdan::cli::run());
}
