package org.paperlink.alliance.console;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the web console finds notification-service. Empty behind one host name (the
 * Kubernetes ingress routes the inbox paths there); the local run names its own port.
 */
@ConfigurationProperties("paperlink.console")
record ConsoleProperties(@DefaultValue("") String notificationUrl) {

}
