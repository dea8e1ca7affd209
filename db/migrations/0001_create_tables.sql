-- The CRM tables of the seed (CLIENTS, PARTNERS, BENEFIT) with their columns, plus a primary key,
-- timestamps, and one row per RUT: the API is idempotent on rut (INSERT ... ON CONFLICT (rut) DO NOTHING).
CREATE TABLE clients (
  id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name       VARCHAR(25) NOT NULL,
  lastname   VARCHAR(25) NOT NULL,
  rut        VARCHAR(25) NOT NULL UNIQUE,
  mail       VARCHAR(25) NOT NULL,
  phone      VARCHAR(25) NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE partners (
  id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  rut        VARCHAR(25) NOT NULL UNIQUE,
  store      VARCHAR(25) NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The seed's column is wantsBenefit; unquoted, PostgreSQL folds it to wantsbenefit.
CREATE TABLE benefit (
  id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  rut          VARCHAR(25) NOT NULL UNIQUE,
  wantsBenefit BOOLEAN NOT NULL,
  created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
