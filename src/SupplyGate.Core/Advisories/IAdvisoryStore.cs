namespace SupplyGate.Core.Advisories;

/// <summary>Read access to an advisory store; the matcher and the policy evaluator depend only on this.</summary>
public interface IAdvisoryStore : IDisposable
{
    StoreInfo Info { get; }

    /// <summary>
    /// Advisories with an <c>affected[]</c> entry for this package. <paramref name="ecosystem"/> is exact
    /// (<c>NuGet</c>, <c>Debian:12</c>); names compare case-insensitively for NuGet, exactly elsewhere.
    /// Withdrawn records are included (the matcher skips them and can say so).
    /// </summary>
    IReadOnlyList<Advisory> FindByPackage(string ecosystem, string name);

    /// <summary>An advisory by its id or one of its aliases; null when unknown.</summary>
    IReadOnlyList<Advisory> FindById(string id);

    /// <summary>Support status of a .NET channel such as "8.0"; null when the store has no release metadata for it.</summary>
    RuntimeChannel? FindRuntimeChannel(string channel);
}

/// <summary>A .NET release channel from the release metadata (releases-index.json / releases-M.m.json).</summary>
public sealed record RuntimeChannel(
    string Channel,
    string SupportPhase,
    DateOnly? EndOfLife,
    string LatestRuntime,
    DateOnly? LatestReleaseDate);
