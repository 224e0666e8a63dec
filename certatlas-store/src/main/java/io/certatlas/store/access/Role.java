package io.certatlas.store.access;

/** A manager sees and manages everything; a user sees the assets of their scope. */
public enum Role {
    MANAGER,
    USER;

    public static Role parse(String text) {
        for (Role role : values()) {
            if (role.name().equalsIgnoreCase(text.strip())) {
                return role;
            }
        }
        throw new IllegalArgumentException("role must be 'manager' or 'user', was '" + text + "'");
    }
}
