package org.paperlink.notification.rendering;

/**
 * A notification's text in its recipient's language: the title, and the body under it.
 */
public record RenderedMessage(String title, String body) {

}
