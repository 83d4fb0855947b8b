using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Advisories.Store;

/// <summary>The outcome of an import: what was written and what was skipped.</summary>
public sealed record StoreImportResult(StoreInfo Info, int RecordsWritten, IReadOnlyList<Warning> Warnings);
