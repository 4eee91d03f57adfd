/**
 * Container image tags: Docker's grammar (1-128 of letters, digits, `_`, `.`,
 * `-`, not starting with `.` or `-`). One definition for the services of every
 * cloud, the MOCKFORGE_IMAGE_TAG override and the image scripts; the
 * environment schema repeats it as JSON data (a test keeps the two equal).
 */
export const IMAGE_TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** What a valid tag looks like, for error messages. */
export const IMAGE_TAG_RULE = "1-128 letters, digits, _ . - (not starting with . or -)";

export function isImageTag(tag: string): boolean {
  return IMAGE_TAG_PATTERN.test(tag);
}
