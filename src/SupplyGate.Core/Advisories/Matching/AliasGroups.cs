namespace SupplyGate.Core.Advisories.Matching;

/// <summary>
/// Groups one component's matching advisory records into vulnerabilities: records that share an id or an
/// alias (GHSA ↔ CVE, possibly through a third record) are one finding (union-find over ids).
/// </summary>
internal static class AliasGroups
{
    public static IEnumerable<IReadOnlyList<AdvisoryMatcher.Candidate>> Group(IReadOnlyList<AdvisoryMatcher.Candidate> candidates)
    {
        if (candidates.Count == 0)
        {
            yield break;
        }

        var parent = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string Find(string id)
        {
            while (!string.Equals(parent[id], id, StringComparison.OrdinalIgnoreCase))
            {
                parent[id] = parent[parent[id]];
                id = parent[id];
            }

            return id;
        }

        foreach (AdvisoryMatcher.Candidate candidate in candidates)
        {
            string first = candidate.Advisory.Id;
            parent.TryAdd(first, first);
            foreach (string alias in candidate.Advisory.Aliases)
            {
                parent.TryAdd(alias, alias);
                string a = Find(first);
                string b = Find(alias);
                if (!string.Equals(a, b, StringComparison.OrdinalIgnoreCase))
                {
                    parent[b] = a;
                }
            }
        }

        foreach (IGrouping<string, AdvisoryMatcher.Candidate> group in candidates
            .GroupBy(c => Find(c.Advisory.Id), StringComparer.OrdinalIgnoreCase)
            .OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            yield return group.ToArray();
        }
    }
}
