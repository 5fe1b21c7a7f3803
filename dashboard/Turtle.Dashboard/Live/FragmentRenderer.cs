using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Logging;

namespace Turtle.Dashboard.Live;

/// <summary>
/// Renders a component to HTML outside any request: the live stream sends the same markup the page rendered, so a
/// page has one template, whether it arrives with the page or as an update.
/// </summary>
public sealed class FragmentRenderer(IServiceProvider services, ILoggerFactory loggers) : IAsyncDisposable
{
    private readonly HtmlRenderer _renderer = new(services, loggers);

    public Task<string> RenderAsync<TComponent>(IDictionary<string, object?> parameters) where TComponent : IComponent =>
        _renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await _renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters));
            return output.ToHtmlString();
        });

    public ValueTask DisposeAsync() => _renderer.DisposeAsync();
}
