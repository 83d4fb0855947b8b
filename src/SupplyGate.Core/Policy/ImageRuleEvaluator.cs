using System.Globalization;
using SupplyGate.Core.Advisories.Versioning;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Policy.Patterns;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Core.Policy;

/// <summary>
/// <c>spec.image</c>: the base image (allowed, pinned, fresh), the user the image runs as, and denied OS
/// packages. Messages quote the label values the verdict rests on, so a reader can check them with
/// <c>docker inspect</c>.
/// </summary>
internal static class ImageRuleEvaluator
{
    // Written by the image inventory (Inventory/Image); repeated here so Policy does not depend on it.
    private const string LayerProperty = "supplygate:image:layer";
    private const string BaseLayerProperty = "supplygate:image:base-layer";

    private const string NameLabel = PolicyImageFacts.BaseNameLabel;
    private const string DigestLabel = PolicyImageFacts.BaseDigestLabel;

    public static void Evaluate(PolicyInput input, IReadOnlyList<Component> components, DateTimeOffset now, List<Violation> violations)
    {
        ImageRules rules = input.Policy.Image;

        // Denied OS packages are judged on any SBOM with OS components, with or without image facts.
        foreach (Component component in components)
        {
            violations.AddRange(DeniedPackageViolations(rules, component));
        }

        if (input.Image is not { } image)
        {
            return;
        }

        Add(violations, BaseNotAllowed(rules, image));
        Add(violations, NotPinned(rules, image));
        Add(violations, RunsAsRoot(rules, image));
        Add(violations, TooOld(rules, image, now));
    }

    private static void Add(List<Violation> violations, Violation? violation)
    {
        if (violation is not null)
        {
            violations.Add(violation);
        }
    }

    private static Violation? BaseNotAllowed(ImageRules rules, PolicyImageFacts image)
    {
        if (rules.AllowedAction == RuleAction.Off || (rules.AllowedRegistries.Count == 0 && rules.AllowedRepositories.Count == 0))
        {
            return null;
        }

        string? why = image switch
        {
            { BaseName: null } => $"the base image is unknown (no {NameLabel} label), so it cannot be shown to be allowed",
            { Registry: null } or { Repository: null } => $"{Base(image)} is not a valid image reference, so it cannot be shown to be allowed",
            _ when !AnyMatch(rules.AllowedRegistries, image.Registry) =>
                $"{Base(image)}: registry '{image.Registry}' is not in spec.image.allowedRegistries [{string.Join(", ", rules.AllowedRegistries)}]",
            _ when !AnyMatch(rules.AllowedRepositories, image.Repository) && !AnyMatch(rules.AllowedRepositories, $"{image.Registry}/{image.Repository}") =>
                $"{Base(image)}: repository '{image.Repository}' is not in spec.image.allowedRepositories [{string.Join(", ", rules.AllowedRepositories)}]",
            _ => null,
        };
        return why is null ? null : ImageViolation(RuleIds.ImageBaseAllowed, rules.AllowedAction, DiagnosticCode.BaseImageNotAllowed, why);
    }

    private static Violation? NotPinned(ImageRules rules, PolicyImageFacts image)
    {
        if (rules.RequireDigest == RuleAction.Off || image.BaseReferencedByDigest)
        {
            return null;
        }

        string why = image.BaseName is null
            ? $"the base image is unknown (no {NameLabel} label), so it cannot be shown to be pinned by digest"
            : $"{Base(image)} is referenced by tag, not pinned by digest"
                + (image.BaseDigest is { } digest
                    ? $"; it resolved to {digest} (label {DigestLabel}): pin it as {image.BaseName}@{digest} (ContainerBaseImage)"
                    : $" (and there is no {DigestLabel} label)");
        return ImageViolation(RuleIds.ImageBaseDigest, rules.RequireDigest, DiagnosticCode.BaseImageNotPinned, why);
    }

    private static Violation? RunsAsRoot(ImageRules rules, PolicyImageFacts image)
    {
        if (rules.NonRoot == RuleAction.Off || !IsRoot(image.User))
        {
            return null;
        }

        string user = string.IsNullOrWhiteSpace(image.User) ? "not set, which means root" : $"'{image.User}'";
        return ImageViolation(
            RuleIds.ImageNonRoot,
            rules.NonRoot,
            DiagnosticCode.ImageRunsAsRoot,
            $"the image runs as root (config User {user}): set ContainerUser (e.g. app, uid 1654 in the .NET images) or USER to a non-root user");
    }

    /// <summary>Root is uid 0 whatever the group: empty, <c>root</c>, <c>0</c>, <c>0:0</c>, <c>root:app</c>.</summary>
    internal static bool IsRoot(string? user)
    {
        string name = (user ?? string.Empty).Trim();
        int colon = name.IndexOf(':', StringComparison.Ordinal);
        string uid = colon >= 0 ? name[..colon] : name;
        return uid is "" or "root" or "0";
    }

    private static Violation? TooOld(ImageRules rules, PolicyImageFacts image, DateTimeOffset now)
    {
        if (rules.MaxBaseAgeAction == RuleAction.Off)
        {
            return null;
        }

        if (image.BaseCreated is not { } created)
        {
            // Not knowing the age is reported, but cannot fail the gate: the host may simply not have the base config.
            return ImageViolation(RuleIds.ImageBaseAge, RuleAction.Warn, DiagnosticCode.BaseImageTooOld, $"{Base(image)}: its creation time is unknown, so spec.image.maxBaseAgeDays ({rules.MaxBaseAgeDays}) was not checked") with
            {
                CountsTowardDecision = false,
            };
        }

        int days = (int)Math.Floor((now - created).TotalDays);
        if (days <= rules.MaxBaseAgeDays)
        {
            return null;
        }

        string digest = image.BaseDigest is { } d ? $", {DigestLabel} {d}" : string.Empty;
        return ImageViolation(
            RuleIds.ImageBaseAge,
            rules.MaxBaseAgeAction,
            DiagnosticCode.BaseImageTooOld,
            string.Create(CultureInfo.InvariantCulture, $"{Base(image)}{digest} was created {created.UtcDateTime:yyyy-MM-dd}, {days} days ago, more than spec.image.maxBaseAgeDays ({rules.MaxBaseAgeDays}): rebuild on a current base"));
    }

    private static IEnumerable<Violation> DeniedPackageViolations(ImageRules rules, Component component)
    {
        if (rules.DeniedPackagesAction == RuleAction.Off || rules.DeniedPackages.Count == 0
            || component.Purl is null || !PackageUrl.TryParse(component.Purl, out PackageUrl? purl) || purl is null
            || OsVersionRange.SchemeFor(purl.Type) is not { } scheme)
        {
            yield break;
        }

        string? sourceName = component.GetProperty(PropertyNames.OsSourceName);
        string version = component.Version ?? purl.Version ?? string.Empty;
        string sourceVersion = component.GetProperty(PropertyNames.OsSourceVersion) ?? version;
        foreach (DeniedOsPackage entry in rules.DeniedPackages)
        {
            bool byBinary = Wildcard.IsMatch(entry.Name, component.Name, StringComparison.OrdinalIgnoreCase) && InRange(entry, version, scheme);
            bool bySource = !byBinary && sourceName is not null
                && Wildcard.IsMatch(entry.Name, sourceName, StringComparison.OrdinalIgnoreCase) && InRange(entry, sourceVersion, scheme);
            if (!byBinary && !bySource)
            {
                continue;
            }

            string source = sourceName is null || sourceName == component.Name ? string.Empty : $" (source {sourceName} {sourceVersion})";
            string range = entry.Versions is null ? string.Empty : $" {entry.Versions}";
            yield return new Violation
            {
                RuleId = RuleIds.ImageDeniedPackages,
                Action = rules.DeniedPackagesAction,
                Code = DiagnosticCode.OsPackageDenied,
                Message = $"{component.Name} {version}{source}: OS package is denied by {entry.Name}{range} ({scheme.Name}): {entry.Reason}{Layer(component)}",
                ComponentRef = component.BomRef,
                PackageName = component.Name,
                PackageVersion = component.Version,
            };
        }
    }

    private static bool InRange(DeniedOsPackage entry, string version, IVersionScheme scheme) =>
        entry.Versions is null || (OsVersionRange.TryParse(entry.Versions, out OsVersionRange? range) && range!.Contains(version, scheme));

    private static string Layer(Component component) => component.GetProperty(LayerProperty) is { } layer
        ? $"; layer {layer}" + (component.GetProperty(BaseLayerProperty) == "true" ? " (base image)" : string.Empty)
        : string.Empty;

    private static bool AnyMatch(IReadOnlyList<string> patterns, string? value) =>
        patterns.Count == 0 || (value is not null && patterns.Any(p => Wildcard.IsMatch(p, value, StringComparison.OrdinalIgnoreCase)));

    private static string Base(PolicyImageFacts image) =>
        image.BaseName is null ? $"the base image (no {NameLabel} label)" : $"base image {image.BaseName} (label {NameLabel})";

    private static Violation ImageViolation(string ruleId, RuleAction action, string code, string message) => new()
    {
        RuleId = ruleId,
        Action = action,
        Code = code,
        Message = message,
    };
}
