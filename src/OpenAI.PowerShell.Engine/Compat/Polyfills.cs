#if !NET
// Language features the compiler needs on .NET Framework.
namespace System.Runtime.CompilerServices
{
    internal static class IsExternalInit { }
}
#endif
