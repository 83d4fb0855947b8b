/*
 * Linked into the Native AOT `supplygate` executable on Linux (SupplyGate.Cli.csproj, target
 * _SupplyGateHugePagesObject). Runs before main().
 *
 * Why: the Native AOT runtime expands the binary's compressed type data ("dehydrated" data, about 9 MB for this
 * CLI) into the zero-initialised .hydrated part of the executable's BSS before any managed code runs. Touching
 * 9 MB of fresh anonymous memory one 4 KiB page at a time costs about 2,300 page faults, which measured as half
 * of the CPU time of `supplygate --help` (docs/performance.md, "Start-up"). Asking for transparent huge pages on
 * that range (MADV_HUGEPAGE; the kernel's default THP mode "madvise" honours exactly this) turns most of them
 * into a handful of 2 MiB faults. Nothing else changes: the memory is the same, only its page size.
 *
 * A kernel without THP, or with THP set to "never", answers EINVAL or ignores the advice; both are fine.
 * SUPPLYGATE_HUGEPAGES=0 skips the call (e.g. to compare, or on a host where huge-page compaction stalls).
 */
#define _GNU_SOURCE
#include <link.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static int supplygate_advise_bss(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    (void)data;
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    for (int i = 0; i < info->dlpi_phnum; i++)
    {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD || (ph->p_flags & PF_W) == 0 || ph->p_memsz <= ph->p_filesz)
        {
            continue;
        }

        /* The BSS: the writable segment's part beyond the file, from the first whole page on. */
        uintptr_t start = (info->dlpi_addr + ph->p_vaddr + ph->p_filesz + page - 1) & ~(page - 1);
        uintptr_t end = info->dlpi_addr + ph->p_vaddr + ph->p_memsz;
        if (end > start)
        {
            (void)madvise((void *)start, end - start, MADV_HUGEPAGE);
        }
    }

    /* The first object dl_iterate_phdr reports is the executable itself; stop there. */
    return 1;
}

__attribute__((constructor)) static void supplygate_hugepages(void)
{
    const char *setting = getenv("SUPPLYGATE_HUGEPAGES");
    if (setting != NULL && strcmp(setting, "0") == 0)
    {
        return;
    }

    dl_iterate_phdr(supplygate_advise_bss, NULL);
}
