/** Name of the one image every region runs, inside the environment's repository. */
export const SERVER_IMAGE_NAME = "server";
