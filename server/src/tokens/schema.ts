import * as z from "zod";

/** Bodies of the token API; parsed by hand so each failure names its field and reason. */
export const signupBodySchema = z.strictObject({
  email: z.string().trim().toLowerCase().max(254).pipe(z.email()),
  password: z.string().min(1).max(1024),
  passwordConfirmation: z.string().max(1024).optional(),
  name: z.string().trim().min(1).max(100).optional(),
  background: z.unknown().optional(),
});

export const signinBodySchema = z.strictObject({
  email: z.string().trim().toLowerCase().max(254),
  password: z.string().max(1024),
});

export const refreshBodySchema = z.strictObject({
  refreshToken: z.string().regex(/^[0-9a-f]{64}$/, "must be the 64 hex characters you were given"),
});

export const signoutBodySchema = z.strictObject({
  refreshToken: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});
