using System.Threading.Channels;
using Turtle.Actors.Invocation;

namespace Turtle.Actors.Client;

/// <summary>Delivers pushes to one local observer object one at a time, in arrival order, off the network thread.</summary>
internal sealed class ClientObserverMailbox
{
    private readonly Channel<GrainRequest> _inbox = Channel.CreateUnbounded<GrainRequest>(new UnboundedChannelOptions { SingleReader = true });

    public ClientObserverMailbox(object observer) => _ = Task.Run(() => DeliverAsync(observer));

    public void Post(GrainRequest request)
    {
        if (!_inbox.Writer.TryWrite(request))
        {
            request.TryFail(new ObjectDisposedException("observer", "The observer reference was deleted."));
        }
    }

    public void Close() => _inbox.Writer.TryComplete();

    private async Task DeliverAsync(object observer)
    {
        await foreach (var request in _inbox.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            await request.InvokeAsync(observer).ConfigureAwait(false);
            request.Respond();
        }
    }
}
