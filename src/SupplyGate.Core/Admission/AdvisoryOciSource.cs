namespace SupplyGate.Core.Admission;

/// <summary>
/// <c>spec.recheck.advisorySource</c>: an advisory store published as an OCI artifact (<c>db push</c>) that the
/// service mirrors into its store file. Every <see cref="PollInterval"/> the artifact's manifest digest is asked
/// for; only a new digest is pulled, verified and swapped in atomically, and the store poll then re-checks.
/// </summary>
public sealed record AdvisoryOciSource
{
    /// <summary>The artifact, <c>registry/repository[:tag]</c> (a tag: a pinned digest never changes).</summary>
    public required string Reference { get; init; }

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMinutes(5);
}
