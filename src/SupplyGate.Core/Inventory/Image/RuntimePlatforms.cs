using SupplyGate.Core.Oci;

namespace SupplyGate.Core.Inventory.Image;

/// <summary>
/// The image platform a .NET runtime identifier runs on, as the SDK's container targets map it when they build
/// one image per RID (linux-x64 → linux/amd64, linux-musl-arm64 → linux/arm64, linux-arm → linux/arm/v7).
/// </summary>
public static class RuntimePlatforms
{
    /// <summary>Null for a RID that names no container platform (win-x64 in a Linux index, a typo).</summary>
    public static Platform? FromRuntimeIdentifier(string? rid)
    {
        if (string.IsNullOrWhiteSpace(rid))
        {
            return null;
        }

        int dash = rid.LastIndexOf('-');
        if (dash <= 0)
        {
            return null;
        }

        string os = rid[..dash] switch
        {
            "linux" or "linux-musl" or "linux-bionic" => "linux",
            "win" => "windows",
            _ => string.Empty,
        };
        return (os, rid[(dash + 1)..]) switch
        {
            ("", _) => null,
            (_, "x64") => new Platform(os, "amd64"),
            (_, "x86") => new Platform(os, "386"),
            (_, "arm64") => new Platform(os, "arm64"),
            (_, "arm") => new Platform(os, "arm", "v7"),
            (_, "s390x") => new Platform(os, "s390x"),
            (_, "ppc64le") => new Platform(os, "ppc64le"),
            (_, "loongarch64") => new Platform(os, "loong64"),
            (_, "riscv64") => new Platform(os, "riscv64"),
            _ => null,
        };
    }
}
