using Turtle.Actors.Configuration;
using Turtle.Actors.Messaging;

namespace Turtle.Actors.Client;

/// <summary>
/// The gateways a client knows: configured ones plus those the cluster reported. Connection attempts try gateways
/// that last worked first and recently failed ones last, rotating so load spreads across gateways.
/// </summary>
internal sealed class GatewayList
{
    private readonly Lock _lock = new();
    private readonly List<GatewayEndpoint> _known = [];
    private readonly HashSet<GatewayEndpoint> _bad = [];
    private int _rotation;

    public GatewayList(IEnumerable<string> configured)
    {
        foreach (var text in configured)
        {
            if (GatewayParser.TryParse(text, out var gateway))
            {
                _known.Add(gateway);
            }
        }
    }

    public IReadOnlyList<GatewayEndpoint> InTryOrder()
    {
        lock (_lock)
        {
            var start = _rotation++ % Math.Max(1, _known.Count);
            var rotated = _known.Skip(start).Concat(_known.Take(start));
            return rotated.OrderBy(g => _bad.Contains(g)).ToList();
        }
    }

    public void Learn(IEnumerable<GatewayEndpoint> reported)
    {
        lock (_lock)
        {
            foreach (var gateway in reported.Where(g => !_known.Contains(g)))
            {
                _known.Add(gateway);
            }
        }
    }

    public void MarkGood(GatewayEndpoint gateway)
    {
        lock (_lock)
        {
            _bad.Remove(gateway);
        }
    }

    public void MarkBad(GatewayEndpoint gateway)
    {
        lock (_lock)
        {
            _bad.Add(gateway);
        }
    }
}
