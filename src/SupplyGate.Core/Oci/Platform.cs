using System.Diagnostics.CodeAnalysis;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Oci;

/// <summary>
/// An image platform: an index entry's <c>platform</c> (image-spec v1.1.0 image-index.md), and the one parser
/// for the <c>os/arch[/variant]</c> text that <c>--platform</c>, policies, the admission config and
/// <c>--sbom PLATFORM=FILE</c> take, and for .NET runtime identifiers (<c>linux-arm64</c>).
/// </summary>
public sealed record Platform(string Os, string Architecture, string? Variant = null, string? OsVersion = null)
{
    public static readonly Platform LinuxAmd64 = new("linux", "amd64");

    /// <summary>
    /// Parses <c>os/arch</c> or <c>os/arch/variant</c>, the form docker and buildx take: two or three non-empty
    /// parts of ASCII letters, digits, <c>_</c>, <c>.</c> and <c>-</c>, lower-cased as containerd's
    /// platforms.Parse does. Nothing else is accepted (no spaces, no empty part, no fourth part).
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out Platform? platform)
    {
        platform = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        string[] parts = text.Split('/');
        if (parts.Length is not (2 or 3) || !parts.All(IsPart))
        {
            return false;
        }

        platform = new Platform(parts[0].ToLowerInvariant(), parts[1].ToLowerInvariant(), parts.Length == 3 ? parts[2].ToLowerInvariant() : null);
        return true;
    }

    /// <summary>As <see cref="TryParse"/>; an input error naming <paramref name="input"/> (e.g. <c>--platform</c>) otherwise.</summary>
    public static Platform Parse(string text, string input) =>
        TryParse(text, out Platform? platform)
            ? platform
            : throw new InvalidInputException(DiagnosticCode.InvalidConfiguration, $"{input} '{text}': expected os/arch or os/arch/variant, e.g. linux/amd64");

    /// <summary>An optional option's value: null when none was given (null or blank), else <see cref="Parse"/>.</summary>
    public static Platform? ParseOptional(string? text, string input) =>
        string.IsNullOrWhiteSpace(text) ? null : Parse(text, input);

    /// <summary>
    /// The image platform a .NET runtime identifier runs on, as the SDK's container targets map it when they build
    /// one image per RID (linux-x64 → linux/amd64, linux-musl-arm64 → linux/arm64, linux-arm → linux/arm/v7).
    /// Null for a RID that names no container platform (osx-arm64, a typo).
    /// </summary>
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

    /// <summary><c>os/arch</c> or <c>os/arch/variant</c>, the form <see cref="TryParse"/> reads back.</summary>
    public override string ToString() => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";

    private static bool IsPart(string part) =>
        part.Length > 0 && part.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');
}
