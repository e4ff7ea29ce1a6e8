// mimalloc: the bulk import allocates on one thread and frees on another, which glibc's
// allocator does slowly (docs/benchmarks.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    app::main_entry()
}
