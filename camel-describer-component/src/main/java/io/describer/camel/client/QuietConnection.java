package io.describer.camel.client;

import java.io.IOException;
import java.net.Socket;

import javax.net.ssl.SSLSocket;

import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.DefaultBHttpClientConnection;
import org.apache.hc.core5.http.impl.io.SocketHolder;
import org.apache.hc.core5.http.io.HttpConnectionFactory;
import org.apache.hc.core5.util.Timeout;

/**
 * A pooled HttpClient connection that keeps secrets out of HttpClient's own DEBUG logs, which a user may switch on with
 * the root logger. HttpClient's stock connection logs every header ({@code org.apache.hc.client5.http.headers}: the
 * {@code X-API-Key}) and all bytes ({@code ...wire}); this one logs nothing. Its exec chain logs each request's path and
 * query ({@code MainClientExec}: the signature of a signed URL), so a signed query travels in the internal
 * {@link #SIGNED_QUERY} header and is put back on the request line here, just before it is written.
 */
final class QuietConnection extends DefaultBHttpClientConnection implements ManagedHttpClientConnection {

    static final String SIGNED_QUERY = "X-Describer-Signed-Query";

    static final HttpConnectionFactory<ManagedHttpClientConnection> FACTORY = new HttpConnectionFactory<>() {
        @Override
        public ManagedHttpClientConnection createConnection(Socket socket) throws IOException {
            QuietConnection connection = new QuietConnection();
            if (socket != null) {
                connection.bind(socket);
            }
            return connection;
        }
    };

    /** The timeout of an active connection; an idle one in the pool waits without one, as HttpClient's own does. */
    private volatile Timeout socketTimeout;

    private QuietConnection() {
        super(Http1Config.DEFAULT);
    }

    @Override
    public void bind(Socket socket) throws IOException {
        super.bind(socket);
        socketTimeout = Timeout.ofMilliseconds(socket.getSoTimeout());
    }

    @Override
    public void bind(SSLSocket sslSocket, Socket socket) throws IOException {
        super.bind(sslSocket, socket);
        socketTimeout = Timeout.ofMilliseconds(sslSocket.getSoTimeout());
    }

    @Override
    public Socket getSocket() {
        SocketHolder holder = getSocketHolder();
        return holder != null ? holder.getSocket() : null;
    }

    @Override
    public void setSocketTimeout(Timeout timeout) {
        super.setSocketTimeout(timeout);
        socketTimeout = timeout;
    }

    @Override
    public void passivate() {
        super.setSocketTimeout(Timeout.ZERO_MILLISECONDS);
    }

    @Override
    public void activate() {
        super.setSocketTimeout(socketTimeout);
    }

    @Override
    public void sendRequestHeader(ClassicHttpRequest request) throws HttpException, IOException {
        Header query = request.getFirstHeader(SIGNED_QUERY);
        if (query != null) {
            request.removeHeaders(SIGNED_QUERY);
            request.setPath(request.getPath() + "?" + query.getValue());
        }
        super.sendRequestHeader(request);
    }
}
